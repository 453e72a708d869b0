// The machine's ceiling: bare Kestrel answering constant bodies, the same bytes the hello worker and the small static
// file send, with nothing else in the request path.
using System.Text;

var hello = Encoding.UTF8.GetBytes("{\"hello\":\"world\",\"path\":\"/\"}");
var small = new byte[2048];
Array.Fill(small, (byte)'s');

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();

app.MapGet("/", (HttpContext ctx) => Write(ctx, hello, "application/json"));
app.MapGet("/small.txt", (HttpContext ctx) => Write(ctx, small, "text/plain; charset=utf-8"));
app.Run();

static Task Write(HttpContext ctx, byte[] body, string contentType)
{
    ctx.Response.ContentType = contentType;
    ctx.Response.ContentLength = body.Length;
    return ctx.Response.Body.WriteAsync(body).AsTask();
}
