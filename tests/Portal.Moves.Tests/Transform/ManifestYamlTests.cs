using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

public sealed class ManifestYamlTests
{
    [Fact]
    public void ToYaml_ShopExport_ReadsBackAsTheSameObjects()
    {
        var result = TransformedShop.Result();

        var documents = YamlToJson.ParseDocuments(result.ToYaml());

        Assert.Equal(result.Objects.Count, documents.Count);
        for (var i = 0; i < documents.Count; i++) Json.Equal(result.Objects[i], documents[i]!);
    }

    [Fact]
    public void Render_ConfigMap_StableKeyOrderQuotedLookalikesAndLiteralBlocks()
    {
        var yaml = ManifestYaml.Render([TransformedShop.Result().Find("ConfigMap", "web-config")]);

        Assert.Equal("""
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              namespace: storefront
              labels:
                app.kubernetes.io/instance: shop
            data:
              FEATURE_CHECKOUT_V2: "true"
              FILE_MODE: "0644"
              app.properties: |
                db.host=db-headless.shop.svc.cluster.local
                db.port=5432
                cache.ttl=300

            """.Replace("\r\n", "\n", StringComparison.Ordinal), yaml);
    }

    [Fact]
    public void Render_TwoObjects_AreSeparateDocumentsInTheGivenOrder()
    {
        var yaml = ManifestYaml.Render([
            Json.Parse("""{ "kind": "Service", "apiVersion": "v1", "metadata": { "namespace": "a", "name": "s" }, "spec": { "ports": [ { "port": 80, "name": "http" } ], "selector": {} } }"""),
            Json.Parse("""{ "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "t", "namespace": "a" }, "stringData": { "on": "yes", "version": "1.10", "date": "2024-01-01", "empty": "", "spaced": "a: b", "hash": "#x" } }"""),
        ]);

        Assert.Equal("""
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: s
              namespace: a
            spec:
              ports:
                - name: http
                  port: 80
              selector: {}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: t
              namespace: a
            stringData:
              date: "2024-01-01"
              empty: ""
              hash: "#x"
              "on": "yes"
              spaced: "a: b"
              version: "1.10"

            """.Replace("\r\n", "\n", StringComparison.Ordinal), yaml);
    }

    [Theory]
    [InlineData("1Gi", true)]
    [InlineData("registry.new.example.com/shop/web:1.4.2", true)]
    [InlineData("Europe/Berlin", true)]
    [InlineData("0 2 * * *", false)]
    [InlineData("true", false)]
    [InlineData("Off", false)]
    [InlineData("~", false)]
    [InlineData("0x1F", false)]
    [InlineData("1_000", false)]
    [InlineData("12:30", false)]
    [InlineData("1e3", false)]
    [InlineData("25%", false)]
    [InlineData("Zoë", false)]
    public void IsSafePlain_OnlyForStringsNoReaderCouldMistake(string value, bool plain) =>
        Assert.Equal(plain, ManifestYaml.IsSafePlain(value));

    [Fact]
    public void Render_NumbersBooleansAndNull_StayTyped()
    {
        var obj = Json.Parse("""{ "apiVersion": "v1", "kind": "X", "metadata": { "name": "x" }, "spec": { "n": 3, "f": 0.5, "b": false, "z": null, "s": "3" } }""");

        var back = YamlToJson.ParseSingle(ManifestYaml.Render([obj]))!;

        Json.Equal(obj, back);
        Assert.Equal(System.Text.Json.JsonValueKind.String, back["spec"]!["s"]!.GetValueKind());
    }
}
