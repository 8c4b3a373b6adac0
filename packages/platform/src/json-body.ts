import express, { type Request, type RequestHandler } from 'express';
import { AppError } from './errors';

const JSON_TYPES = ['application/json', 'application/*+json'];
const FORM_TYPE = 'application/x-www-form-urlencoded';

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses JSON bodies (CloudEvents included) up to `limit`; with `form`, also form-encoded
 * ones (OAuth2 clients). Any other type is 415. A JSON content type with no body is fine,
 * as browsers send it on GET and DELETE.
 */
export function jsonBody(limit = '64kb', options: { form?: boolean } = {}): RequestHandler[] {
  const accepted = options.form ? [...JSON_TYPES, FORM_TYPE] : JSON_TYPES;
  const requireAccepted: RequestHandler = (req, _res, next) => {
    if (hasBody(req) && !req.is(accepted)) {
      throw new AppError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type', {
        detail: `Send the request body as ${options.form ? `application/json or ${FORM_TYPE}` : 'application/json'}.`,
      });
    }
    next();
  };
  const parsers = [express.json({ limit, strict: true, type: JSON_TYPES })];
  if (options.form)
    parsers.push(express.urlencoded({ limit, extended: false, parameterLimit: 20 }));
  return [requireAccepted, ...parsers];
}
