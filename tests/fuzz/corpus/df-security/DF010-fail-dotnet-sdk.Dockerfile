# expect: DF010:2
FROM mcr.microsoft.com/dotnet/sdk:8.0
COPY . /src
RUN dotnet publish /src -o /app
ENTRYPOINT ["dotnet", "/app/app.dll"]
