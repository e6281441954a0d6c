# The smoke program as a Cloudflare Worker (pnpm test:runtimes).
# run.ts bundles entries/worker.ts to dist/worker.mjs, then starts
#   workerd serve test/runtimes/workerd.capnp --socket-addr http=127.0.0.1:<port>
# and sends one request: the Worker runs the program and answers its result.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "smoke", worker = .smokeWorker),
    # The fake and the runner listen on loopback: the Worker may reach "local" addresses.
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "smoke")],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "dist/worker.mjs")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "internet",
);
