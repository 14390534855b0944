using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Tests.Support;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Tests;

public sealed class ObjectMetaValidatorTests
{
    [Theory]
    [InlineData("""{"name":"ok-name.v2","labels":{"app.kubernetes.io/name":"web","empty":""},"annotations":{"portal/note":"anything at all"}}""")]
    [InlineData("""{"generateName":"portal-"}""")]
    public void Validate_ValidMetadata_NoErrors(string metadata)
    {
        Assert.Empty(ObjectMetaValidator.Validate(JsonNode.Parse(metadata)));
    }

    [Theory]
    [InlineData("""{"name":"Upper"}""", "metadata.name")]
    [InlineData("""{"name":"x","labels":{"requested-by":"alice@corp.com"}}""", "metadata.labels")]
    [InlineData("""{"name":"x","labels":{"bad key":"v"}}""", "metadata.labels")]
    [InlineData("""{"name":"x","labels":{"v":"this-label-value-is-way-too-long-for-kubernetes-because-it-exceeds-63"}}""", "metadata.labels")]
    [InlineData("""{"name":"x","annotations":{"-bad":"v"}}""", "metadata.annotations")]
    [InlineData("""{"name":"x","namespace":"Not_Valid"}""", "metadata.namespace")]
    public void Validate_InvalidMetadata_ReportsField(string metadata, string field)
    {
        Assert.Equal(field, Assert.Single(ObjectMetaValidator.Validate(JsonNode.Parse(metadata))).Field);
    }

    [Fact]
    public void CrdCatalogValidate_LabelValueWithAt_IsReported()
    {
        var backup = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"b","labels":{"by":"alice@corp.com"}},"spec":{}}
            """)!;

        var errors = CrdCatalog.CreateDefault().Validate("velero.io/v1", "Backup", backup, strict: true);

        Assert.Contains("metadata.labels: Invalid value: \"alice@corp.com\"", Assert.Single(errors));
    }

    [Fact]
    public async Task Create_InvalidLabelValue_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("b1");
        backup["metadata"]!["labels"] = new JsonObject { ["requested-by"] = "alice@corp.com" };

        var (code, body) = await client.PostAsync(Objects.Backups, backup);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("metadata.labels", (string?)body!["details"]!["causes"]![0]!["field"]);
    }
}
