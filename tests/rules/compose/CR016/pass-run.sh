docker run -e DATABASE_URL -e "REDIS_URL=$REDIS_URL" registry.example.com/api:1.0
