FROM elasticsearch:8.15.0
COPY plugins /usr/share/elasticsearch/plugins
