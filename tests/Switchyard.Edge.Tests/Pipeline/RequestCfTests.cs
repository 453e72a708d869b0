using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchyard.Edge.Pipeline;
using Xunit;

namespace Switchyard.Edge.Tests.Pipeline;

/// <summary>
/// <c>request.cf</c> as the edge builds it: without TLS facts its JSON is kept per colo, protocol and Accept-Encoding,
/// so each of those must still show in it as the request that asks for it has it.
/// </summary>
public sealed class RequestCfTests
{
    [Fact]
    public void Each_request_sees_its_own_protocol_and_accept_encoding()
    {
        foreach (var (protocol, encoding) in new[] { ("HTTP/1.1", "gzip"), ("HTTP/1.1", "br"), ("HTTP/2", "gzip"), ("HTTP/1.1", "gzip"), ("HTTP/1.1", "") })
        {
            var context = new DefaultHttpContext();
            context.Request.Protocol = protocol;
            if (encoding.Length > 0) context.Request.Headers.AcceptEncoding = encoding;
            JsonElement cf = JsonDocument.Parse(WorkerRequests.Cf(context, "http", "LOCAL")).RootElement;
            Assert.Equal("LOCAL", cf.GetProperty("colo").GetString());
            Assert.Equal(protocol, cf.GetProperty("httpProtocol").GetString());
            Assert.Equal(encoding, cf.GetProperty("clientAcceptEncoding").GetString());
            Assert.False(cf.TryGetProperty("tlsVersion", out _));
        }
        var other = new DefaultHttpContext();
        other.Request.Protocol = "HTTP/1.1";
        Assert.Equal("EDGE2", JsonDocument.Parse(WorkerRequests.Cf(other, "http", "EDGE2")).RootElement.GetProperty("colo").GetString());
    }
}
