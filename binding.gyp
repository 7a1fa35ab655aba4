{
  "targets": [
    {
      "target_name": "overseer_native",
      "sources": ["native/overseer.c", "native/lines.c", "native/pipes.c", "native/line-ends.c", "native/children.c"],
      "cflags": ["-Wall", "-O2"]
    }
  ]
}
