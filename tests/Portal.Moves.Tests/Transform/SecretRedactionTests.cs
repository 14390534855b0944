using System.Text.Json.Nodes;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

public class SecretRedactionTests
{
    [Fact]
    public void ReviewYaml_HidesSecretValues_KeepsKeysAndOtherObjects()
    {
        var secret = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"type":"Opaque","data":{"password":"c3VwZXItc2VjcmV0"},"stringData":{"token":"abc123"}}""")!.AsObject();
        var config = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"shop"},"data":{"mode":"c3VwZXItc2VjcmV0"}}""")!.AsObject();
        var yaml = new TransformResult([secret, config], [], []).ToReviewYaml();

        var secretDoc = yaml.Split("---").Single(d => d.Contains("kind: Secret"));
        Assert.DoesNotContain("c3VwZXItc2VjcmV0", secretDoc); // the Secret's value is gone...
        Assert.Contains("password: \"(hidden: 12 bytes)\"", yaml);
        Assert.Contains("token: \"(hidden: 6 bytes)\"", yaml);
        Assert.DoesNotContain("abc123", yaml);
        Assert.Contains("mode: c3VwZXItc2VjcmV0", yaml); // ...a ConfigMap is shown as it is
        Assert.Equal("c3VwZXItc2VjcmV0", secret["data"]!["password"]!.GetValue<string>()); // and the objects to apply are untouched
    }

    [Fact]
    public void ReviewYaml_SaysAtTheTopThatItIsForReviewOnly_AndStillParses()
    {
        var secret = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"data":{"password":"c3VwZXItc2VjcmV0"}}""")!.AsObject();
        var yaml = new TransformResult([secret], [], []).ToReviewYaml();

        Assert.StartsWith("# FOR REVIEW ONLY - DO NOT APPLY.", yaml);
        Assert.Contains("would write those words into the Secrets", yaml);
        var docs = new YamlDotNet.RepresentationModel.YamlStream();
        docs.Load(new StringReader(yaml)); // comments only: still one valid document
        Assert.Single(docs.Documents);
    }
}
