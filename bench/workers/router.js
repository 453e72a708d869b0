// Scenario "many tenants" on workerd, which has no dispatch namespaces or per-host routing of its own: one router
// worker with a service binding per tenant, picking the tenant from the Host header's first label.
export default {
  fetch(request, env) {
    const host = request.headers.get("host") ?? "";
    const tenant = env[host.slice(0, host.indexOf("."))];
    return tenant ? tenant.fetch(request) : new Response(`no tenant for ${host}\n`, { status: 404 });
  },
};
