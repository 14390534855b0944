using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Patch;

namespace Portal.ClusterSimulator.Tests;

public sealed class PatchAndYamlUnitTests
{
    [Fact]
    public void MergePatch_NullAndNested_DeletesAndMerges()
    {
        var target = JsonNode.Parse("""{"a":1,"b":{"c":2,"d":3},"e":[1,2]}""");

        var result = MergePatch.Apply(target, JsonNode.Parse("""{"a":null,"b":{"d":4},"e":[3]}"""));

        Assert.Equal("""{"b":{"c":2,"d":4},"e":[3]}""", result!.ToJsonString());
    }

    [Fact]
    public void JsonPatch_MoveCopyRemove_ApplyInOrder()
    {
        var target = JsonNode.Parse("""{"a":{"x":1},"list":["p","q"]}""")!;

        var result = JsonPatch.Apply(target, JsonNode.Parse("""
            [{"op":"copy","from":"/a/x","path":"/b"},
             {"op":"move","from":"/list/0","path":"/list/-"},
             {"op":"remove","path":"/a"},
             {"op":"add","path":"/esc~1aped","value":true}]
            """)!);

        Assert.Equal("""{"list":["q","p"],"b":1,"esc/aped":true}""", result.ToJsonString());
    }

    [Fact]
    public void JsonPatch_RemoveMissingPath_Throws422()
    {
        var e = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("{}")!, JsonNode.Parse("""[{"op":"remove","path":"/nope"}]""")!));

        Assert.Equal(422, e.Code);
    }

    [Fact]
    public void YamlToJson_Scalars_AreTypedLikeKubernetes()
    {
        var doc = YamlToJson.ParseSingle("""
            int: 42
            float: 1.5
            bool: true
            nothing: ~
            quoted: "42"
            text: 720h0m0s
            version: v1
            list: [a, 2]
            """)!;

        Assert.Equal("""{"int":42,"float":1.5,"bool":true,"nothing":null,"quoted":"42","text":"720h0m0s","version":"v1","list":["a",2]}""", doc.ToJsonString());
    }

    [Fact]
    public void YamlToJson_MultipleDocuments_ReturnsEach()
    {
        var docs = YamlToJson.ParseDocuments("a: 1\n---\nb: 2\n");

        Assert.Equal(2, docs.Count);
    }

    [Fact]
    public void StrategicMergePatch_ContainersByName_MergesElementsAndDropsDirectives()
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"a:1","ports":[{"containerPort":80}]},{"name":"b","image":"b:1"}]}}""");

        var result = StrategicMergePatch.Apply(target, JsonNode.Parse("""
            {"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
                     "containers":[{"name":"a","image":"a:2"},{"name":"b","$patch":"delete"},{"name":"c","image":"c:1"}]}}
            """));

        Assert.Equal("""{"spec":{"containers":[{"name":"a","image":"a:2","ports":[{"containerPort":80}]},{"name":"c","image":"c:1"}]}}""", result!.ToJsonString());
    }

    [Fact]
    public void StrategicMergePatch_DeleteFromPrimitiveListAndReplace_AreHonoured()
    {
        var target = JsonNode.Parse("""{"finalizers":["a","b"],"data":{"x":"1","y":"2"}}""");

        var result = StrategicMergePatch.Apply(target, JsonNode.Parse("""{"$deleteFromPrimitiveList/finalizers":["a"],"data":{"$patch":"replace","z":"3"}}"""));

        Assert.Equal("""{"finalizers":["b"],"data":{"z":"3"}}""", result!.ToJsonString());
    }
}
