import express, { type RequestHandler } from 'express';
import { AppError } from './errors';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses JSON bodies (CloudEvents included) up to `limit`. A body of another type is 415;
 * a JSON content type with no body is fine, as browsers send it on GET and DELETE.
 */
export function jsonBody(limit = '64kb'): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req) && !req.is(JSON_TYPES)) {
      throw new AppError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type', {
        detail: 'Send the request body as application/json.',
      });
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, type: JSON_TYPES })];
}
