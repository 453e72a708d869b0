using Switchyard.ControlPlane.Assets;
using Switchyard.Storage.Assets;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

public sealed class UploadBucketsTests
{
    private static ManifestEntry File(int i, long size) => new($"{i:x32}", size);

    [Fact]
    public void Nothing_missing_means_no_buckets() => Assert.Empty(UploadBuckets.Plan([], new AssetUploadOptions()));

    [Fact]
    public void Buckets_hold_at_most_the_file_count()
    {
        var buckets = UploadBuckets.Plan(Enumerable.Range(0, 25).Select(i => File(i, 1)), new AssetUploadOptions { BucketMaxFiles = 10 });
        Assert.Equal([10, 10, 5], buckets.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"{i:x32}"), buckets.SelectMany(b => b));
    }

    [Fact]
    public void Buckets_respect_the_byte_budget_and_large_files_travel_alone()
    {
        var options = new AssetUploadOptions { BucketMaxFiles = 10, BucketMaxBytes = 100 };
        var buckets = UploadBuckets.Plan([File(0, 60), File(1, 40), File(2, 1), File(3, 500), File(4, 30)], options);
        Assert.Equal([[$"{0:x32}", $"{1:x32}"], [$"{2:x32}"], [$"{3:x32}"], [$"{4:x32}"]], buckets);
    }
}
