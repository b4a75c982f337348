module github.com/example/worker

go 1.21.0

require github.com/google/uuid v1.6.0

require github.com/stretchr/testify v1.8.4 // indirect
