{
  "targets": [
    {
      "target_name": "overseer_native",
      "sources": ["native/overseer.c", "native/lines.c", "native/pipes.c"],
      "cflags": ["-Wall", "-O2"]
    }
  ]
}
