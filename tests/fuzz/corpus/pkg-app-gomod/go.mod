module github.com/example/orders-api

go 1.22.0

toolchain go1.22.3

require (
	github.com/gin-gonic/gin v1.9.1
	github.com/google/uuid v1.6.0
	github.com/jackc/pgx/v5 v5.5.5
	github.com/example/shared v0.0.0-00010101000000-000000000000
	go.uber.org/zap v1.27.0
	golang.org/x/crypto v0.21.0 // indirect
)

require (
	github.com/bytedance/sonic v1.11.3 // indirect
	github.com/gin-contrib/sse v0.1.0 // indirect
	github.com/go-playground/validator/v10 v10.19.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/ugorji/go/codec v1.2.12 // indirect; used by gin's binding
	golang.org/x/net v0.22.0 // indirect
	golang.org/x/sys v0.18.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
)

require "gopkg.in/yaml.v3" v3.0.1 // indirect

replace github.com/example/shared => ../shared

replace golang.org/x/net v0.22.0 => golang.org/x/net v0.23.0

replace (
	github.com/ugorji/go/codec => github.com/ugorji/go/codec v1.2.11
	golang.org/x/sys v0.17.0 => golang.org/x/sys v0.18.0
)

exclude golang.org/x/crypto v0.20.0

retract [v1.0.0, v1.0.5] // published with a broken migration
