docker run -e MYSQL_ROOT_PASSWORD --env-file db.env mysql:8.4
