# The valuenet API for `docker compose up` (Neo4j beside it; see docker-compose.yml).
FROM python:3.11-slim

RUN useradd --create-home --uid 10001 valuenet
WORKDIR /app

# The package and its dependencies in one layer: any change of the code installs both again.
COPY pyproject.toml README.md ./
COPY service ./service
COPY cypher ./cypher
RUN pip install --no-cache-dir . && rm -rf /root/.cache

USER valuenet
EXPOSE 8000
CMD ["valuenet", "serve", "--host", "0.0.0.0", "--port", "8000"]
