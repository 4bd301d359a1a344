# Opbx on its embedded default: one process, SQLite file, jobs in-process, mail to the pickup folder,
# Asterisk configuration to a folder, all under the /data volume.
#   docker build -t opbx . && docker run -p 8080:8080 -v opbx-data:/data \
#     -e Opbx__Bootstrap__Email=you@example.com -e Opbx__Bootstrap__Password='choose-a-password-1' opbx
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Opbx.Web/Opbx.Web.csproj Opbx.Web/
RUN dotnet restore Opbx.Web/Opbx.Web.csproj
COPY Opbx.Web/ Opbx.Web/
RUN dotnet publish Opbx.Web/Opbx.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# DOTNET_GCgen0size: a 128 MB young generation per GC heap (README, "Tuning"), as scripts/run.sh sets it.
ENV Opbx__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_GCgen0size=0x8000000
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "Opbx.Web.dll"]
