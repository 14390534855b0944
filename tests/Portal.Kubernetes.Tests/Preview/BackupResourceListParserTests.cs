using System.IO.Compression;
using System.Text;
using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Preview;

namespace Portal.Kubernetes.Tests.Preview;

public class BackupResourceListParserTests
{
    internal static MemoryStream Gzip(string text)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        buffer.Position = 0;
        return buffer;
    }

    [Fact]
    public void Parse_VelerosFormat_KeysByGroupVersionKind()
    {
        var json = """{"apps/v1/Deployment":["shop/web","shop/api"],"v1/Pod":["shop/web-1"],"v1/Namespace":["shop"],"v1/PersistentVolume":["pvc-1"]}""";

        var items = BackupResourceListParser.Parse(Gzip(json), 1024 * 1024);

        Assert.Equal(["shop/web", "shop/api"], items[new BackupKind("apps/v1", "Deployment")]);
        Assert.Equal(["shop/web-1"], items[new BackupKind("v1", "Pod")]);
        Assert.Equal(["pvc-1"], items[new BackupKind("v1", "PersistentVolume")]);
        Assert.Equal("apps", new BackupKind("apps/v1", "Deployment").Group);
        Assert.Equal("", new BackupKind("v1", "Pod").Group);
    }

    [Fact]
    public void Parse_EmptyObject_IsNoItems()
    {
        Assert.Empty(BackupResourceListParser.Parse(Gzip("{}"), 1024));
    }

    [Theory]
    [InlineData("[1,2]", "not an object")]
    [InlineData("""{"Deployment":["a/b"]}""", "is not group/version/Kind")]
    [InlineData("""{"apps/v1/Deployment":"a/b"}""", "is not a list of names")]
    [InlineData("""{"apps/v1/Deployment":[3]}""", "is not a \"namespace/name\" string")]
    [InlineData("{", "it is not JSON")]
    public void Parse_OtherShapes_AreRefusedInWords(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => BackupResourceListParser.Parse(Gzip(json), 1024 * 1024));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_NotGzipped_IsRefused()
    {
        var e = Assert.Throws<FormatException>(() => BackupResourceListParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes("{}")), 1024));

        Assert.Contains("not gzipped", e.Message);
    }

    [Fact]
    public void Parse_LargerThanTheLimitUnzipped_IsRefused()
    {
        var big = "{\"v1/ConfigMap\":[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"ns/config-{i}\"")) + "]}";

        var e = Assert.Throws<FormatException>(() => BackupResourceListParser.Parse(Gzip(big), 10_000));

        Assert.Contains("larger than", e.Message);
    }
}
