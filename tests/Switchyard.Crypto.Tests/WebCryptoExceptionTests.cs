namespace Switchyard.Crypto.Tests;

public sealed class WebCryptoExceptionTests
{
    [Fact]
    public void An_unnamed_failure_carries_its_message_alone()
    {
        const string message = "The AES-CBC iv must be 16 bytes, not 3.";
        var error = new WebCryptoException(message);
        Assert.Null(error.Name);
        Assert.Equal(message, error.Description);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("NotSupportedError")]
    [InlineData("OperationError")]
    [InlineData("DataError")]
    [InlineData("QuotaExceededError")]
    public void A_named_failure_puts_its_name_before_the_message(string name)
    {
        var error = WebCryptoException.Named(name, "It failed: precisely.");
        Assert.Equal(name, error.Name);
        Assert.Equal("It failed: precisely.", error.Description);
        Assert.Equal($"{name}: It failed: precisely.", error.Message);
    }

    [Theory]
    [InlineData("TypeError")]
    [InlineData("Error")]
    [InlineData("notsupportederror")]
    public void Only_names_the_runtime_maps_are_accepted(string name)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebCryptoException.Named(name, "x"));
    }

    [Fact]
    public void The_runtime_maps_every_name_the_library_may_use()
    {
        // subtle.js lists the names it turns back into DOMExceptions; a name missing there would reach worker code as
        // "The operation failed: <Name>: ..." instead.
        var subtle = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Switchyard.Runtime", "js", "src", "subtle.js"));
        var line = subtle.Split('\n').Single(l => l.StartsWith("const HOST_ERROR_NAMES = "));
        foreach (var name in WebCryptoException.Names) Assert.Contains($"\"{name}\"", line);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
