docker run --mount type=bind,source=/,target=/rootfs,readonly registry.example.com/exporter:1.0
