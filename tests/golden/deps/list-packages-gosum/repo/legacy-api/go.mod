module github.com/example/legacy-api

go 1.16

require (
	github.com/dgrijalva/jwt-go v3.2.0+incompatible
	github.com/gin-gonic/gin v1.7.7
	github.com/go-redis/redis/v8 v8.11.4
	github.com/sirupsen/logrus v1.8.1
)

// CVE-2022-41723: pin x/net until gin is upgraded.
replace golang.org/x/net => golang.org/x/net v0.7.0
