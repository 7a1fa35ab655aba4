{
  "targets": [
    {
      "target_name": "overseer_native",
      "sources": ["native/overseer.c"],
      "cflags": ["-Wall", "-O2"]
    }
  ]
}
