module todo-dapr/pause

go 1.26
