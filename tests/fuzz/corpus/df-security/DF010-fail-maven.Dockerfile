# expect: DF010:2
FROM maven:3-eclipse-temurin-21
COPY . /src
RUN mvn -f /src package
CMD ["java", "-jar", "/src/target/app.jar"]
