module example.com/ok

go 1.22.2

require github.com/google/uuid v1.6.0
