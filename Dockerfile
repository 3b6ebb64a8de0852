# Multi-stage build: compile in a full Debian 12 image with the same dependency script as
# developers and CI, run in bookworm-slim with only the runtime libraries.
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/setup-deps.sh scripts/setup-deps.sh
RUN ./scripts/setup-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DNIANBAO_TESTS=OFF -DNIANBAO_BENCH=OFF \
 && cmake --build /build -j"$(nproc)" \
 && cmake --install /build --prefix /opt/nianbao

FROM debian:bookworm-slim
COPY scripts/setup-deps.sh /tmp/setup-deps.sh
RUN /tmp/setup-deps.sh --runtime && rm -rf /var/lib/apt/lists/* /tmp/setup-deps.sh \
 && useradd --system --home-dir /var/lib/nianbao --create-home --shell /usr/sbin/nologin nianbao
# nianbao and nianbao-pdfwords (the PDF reader it runs beside itself)
COPY --from=build /opt/nianbao/bin/ /usr/local/bin/
COPY seeds /etc/nianbao/seeds
USER nianbao
VOLUME /var/lib/nianbao
EXPOSE 8750
ENTRYPOINT ["nianbao"]
CMD ["daemon", "--seeds", "/etc/nianbao/seeds", "--store", "/var/lib/nianbao/archive", "--listen", "0.0.0.0:8750"]
