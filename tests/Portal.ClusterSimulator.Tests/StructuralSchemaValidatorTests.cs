using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Tests;

public sealed class StructuralSchemaValidatorTests
{
    private static readonly JsonNode Schema = JsonNode.Parse("""
        {"type":"object","properties":{
          "spec":{"type":"object","required":["size"],"properties":{
            "size":{"type":"integer","minimum":1,"maximum":10},
            "name":{"type":"string","maxLength":5,"pattern":"^[a-z]+$"},
            "when":{"type":"string","format":"date-time"},
            "port":{"x-kubernetes-int-or-string":true},
            "opt":{"type":"string","nullable":true},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "items":{"type":"array","maxItems":2,"items":{"type":"object","properties":{"a":{"type":"boolean"}}}},
            "embedded":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}}}}}
        """)!;

    private static JsonNode Obj(string spec) => JsonNode.Parse($$"""{"apiVersion":"x/v1","kind":"X","metadata":{"name":"n"},"spec":{{spec}}}""")!;

    [Theory]
    [InlineData("""{"size":1}""")]
    [InlineData("""{"size":10,"name":"abc","when":"2026-01-02T03:04:05Z","port":"http","opt":null}""")]
    [InlineData("""{"size":2,"port":8080,"free":{"anything":{"goes":1}},"labels":{"a":"b"}}""")]
    [InlineData("""{"size":2,"items":[{"a":true}],"embedded":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}""")]
    public void Validate_ValidObject_ReturnsNoErrors(string spec)
    {
        Assert.Empty(StructuralSchemaValidator.Validate(Schema, Obj(spec)));
    }

    [Theory]
    [InlineData("""{}""", "spec.size", SchemaErrorReasons.Required)]
    [InlineData("""{"size":0}""", "spec.size", SchemaErrorReasons.Invalid)]
    [InlineData("""{"size":11}""", "spec.size", SchemaErrorReasons.Invalid)]
    [InlineData("""{"size":1.5}""", "spec.size", SchemaErrorReasons.TypeInvalid)]
    [InlineData("""{"size":1,"name":"toolong"}""", "spec.name", SchemaErrorReasons.TooLong)]
    [InlineData("""{"size":1,"name":"AB"}""", "spec.name", SchemaErrorReasons.Invalid)]
    [InlineData("""{"size":1,"when":"yesterday"}""", "spec.when", SchemaErrorReasons.Invalid)]
    [InlineData("""{"size":1,"port":true}""", "spec.port", SchemaErrorReasons.TypeInvalid)]
    [InlineData("""{"size":1,"labels":{"a":1}}""", "spec.labels.a", SchemaErrorReasons.TypeInvalid)]
    [InlineData("""{"size":1,"items":[{},{},{}]}""", "spec.items", SchemaErrorReasons.TooLong)]
    [InlineData("""{"size":1,"items":[{"a":"no"}]}""", "spec.items[0].a", SchemaErrorReasons.TypeInvalid)]
    [InlineData("""{"size":1,"extra":1}""", "spec.extra", SchemaErrorReasons.Unknown)]
    [InlineData("""{"size":1,"embedded":{"status":{}}}""", "spec.embedded.status", SchemaErrorReasons.Unknown)]
    public void Validate_Violation_ReportsFieldAndReason(string spec, string field, string reason)
    {
        var error = Assert.Single(StructuralSchemaValidator.Validate(Schema, Obj(spec)));

        Assert.Equal(field, error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Prune_UnknownFieldsAndNonNullableNulls_RemovesThemOnly()
    {
        var obj = Obj("""{"size":1,"extra":1,"name":null,"opt":null,"free":{"kept":1}}""");

        var removed = StructuralSchemaValidator.Prune(Schema, obj);

        Assert.Equal(2, removed);
        Assert.Equal("""{"size":1,"opt":null,"free":{"kept":1}}""", obj["spec"]!.ToJsonString());
        Assert.NotNull(obj["metadata"]);
    }

    [Fact]
    public void Validate_WithoutReportingUnknown_IgnoresExtraFields()
    {
        Assert.Empty(StructuralSchemaValidator.Validate(Schema, Obj("""{"size":1,"extra":1}"""), reportUnknownFields: false));
    }
}
