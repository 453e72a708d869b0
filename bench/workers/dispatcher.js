// Scenario "dispatch": a dispatcher forwarding every request to the user worker "user" (hello.js).
// Switchyard gives it a dispatch_namespace binding DISPATCHER; workerd has no dispatch namespaces, so its config gives
// the same dispatcher a service binding USER to the user worker instead.
export default {
  async fetch(request, env) {
    if (env.DISPATCHER) return env.DISPATCHER.get("user").fetch(request);
    if (env.USER) return env.USER.fetch(request);
    return new Response("dispatch_namespace binding unsupported: env.DISPATCHER is missing", { status: 501 });
  },
};
