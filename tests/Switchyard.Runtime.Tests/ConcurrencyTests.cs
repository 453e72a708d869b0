namespace Switchyard.Runtime.Tests;

public class ConcurrencyTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Two_hundred_concurrent_requests_to_one_instance_all_answer()
    {
        var worker = await _fixture.DeployAsync("busy", """
            export default { async fetch(request) {
              const url = new URL(request.url);
              await null;
              return Response.json({ path: url.pathname });
            } };
            """);
        await _fixture.FetchAsync(worker);  // loaded once, outside the burst

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => _fixture.FetchAsync(worker, $"https://example.com/{i}"))))
            .WaitAsync(TimeSpan.FromSeconds(120));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(200, results[i].Response.Status);
            Assert.Equal($$"""{"path":"/{{i}}"}""", results[i].Body);
        }
    }
}
