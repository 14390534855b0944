using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.OpenApi;

/// <summary>
/// /openapi/v3 and /openapi/v3/{api/v1 | apis/group/version}, built from the loaded schemas. kubectl reads these to
/// decide whether the server supports <c>fieldValidation</c>: it looks for the PATCH operation tagged with the
/// object's x-kubernetes-group-version-kind and checks that it lists a fieldValidation parameter. When it finds
/// one, it leaves validation to the server (and sends fieldValidation=Strict).
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Index(SimulatorContext sim)
    {
        var paths = new JsonObject();
        foreach (var gv in sim.ServedDefinitions.Select(d => (d.Group, d.Version)).Distinct().OrderBy(x => x.Group).ThenBy(x => x.Version))
        {
            var key = PathKey(gv.Group, gv.Version);
            var doc = GroupVersion(sim, gv.Group, gv.Version)!;
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(doc)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/{group}/{version}"; null when not served.</summary>
    public static JsonObject? ForPath(SimulatorContext sim, string path)
    {
        var seg = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return seg switch
        {
            ["api", var v] => GroupVersion(sim, "", v),
            ["apis", var g, var v] => GroupVersion(sim, g, v),
            _ => null,
        };
    }

    private static JsonObject? GroupVersion(SimulatorContext sim, string group, string version)
    {
        var defs = sim.ServedDefinitions.Where(d => d.Group == group && d.Version == version).ToList();
        if (defs.Count == 0) return null;
        var paths = new JsonObject();
        var schemas = new JsonObject();
        // Built-ins with real schemas bring the document they came from: their $refs must resolve here too.
        foreach (var components in defs.Select(d => d.SchemaDefinitions).OfType<JsonObject>().Distinct())
        {
            foreach (var (name, component) in components)
            {
                if (!schemas.ContainsKey(name)) schemas[name] = component?.DeepClone();
            }
        }
        foreach (var d in defs)
        {
            var schemaName = SchemaName(d);
            var schema = d.Schema?.DeepClone() as JsonObject ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(d));
            schemas[schemaName] = schema;
            var listName = schemaName + "List";
            schemas[listName] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["apiVersion"] = new JsonObject { ["type"] = "string" },
                    ["kind"] = new JsonObject { ["type"] = "string" },
                    ["metadata"] = new JsonObject { ["type"] = "object" },
                    ["items"] = new JsonObject { ["type"] = "array", ["items"] = Ref(schemaName) },
                },
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = d.Group, ["version"] = d.Version, ["kind"] = d.ListKind }),
            };

            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var collection = d.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{d.Plural}" : $"{prefix}/{d.Plural}";
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(d, "list", listName),
                ["post"] = Operation(d, "post", schemaName, write: true),
                ["delete"] = Operation(d, "deletecollection", null),
                ["parameters"] = PathParameters(d.Namespaced, named: false),
            };
            paths[$"{collection}/{{name}}"] = new JsonObject
            {
                ["get"] = Operation(d, "get", schemaName),
                ["put"] = Operation(d, "put", schemaName, write: true),
                ["patch"] = Operation(d, "patch", schemaName, write: true),
                ["delete"] = Operation(d, "delete", null),
                ["parameters"] = PathParameters(d.Namespaced, named: true),
            };
            if (d.HasStatusSubresource)
            {
                paths[$"{collection}/{{name}}/status"] = new JsonObject
                {
                    ["get"] = Operation(d, "get", schemaName),
                    ["put"] = Operation(d, "put", schemaName, write: true),
                    ["patch"] = Operation(d, "patch", schemaName, write: true),
                    ["parameters"] = PathParameters(d.Namespaced, named: true),
                };
            }
            if (d.Namespaced)
            {
                paths[$"{prefix}/{d.Plural}"] = new JsonObject { ["get"] = Operation(d, "list", listName) };
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.30.4-portal-sim" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(ResourceDefinition d, string action, string? schemaName, bool write = false)
    {
        var parameters = new JsonArray(QueryParam("dryRun"), QueryParam("fieldManager"));
        if (write) parameters.Add(QueryParam("fieldValidation"));
        var op = new JsonObject
        {
            ["operationId"] = $"{action}{d.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemaName is null ? new JsonObject { ["type"] = "object" } : Ref(schemaName) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(d),
        };
        if (write && schemaName is not null)
        {
            var contentTypes = action == "patch"
                ? new[] { "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml" }
                : new[] { "application/json" };
            var content = new JsonObject();
            foreach (var ct in contentTypes) content[ct] = new JsonObject { ["schema"] = action == "patch" ? new JsonObject { ["type"] = "object" } : Ref(schemaName) };
            op["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }
        return op;
    }

    private static JsonArray PathParameters(bool namespaced, bool named)
    {
        var list = new JsonArray();
        if (named) list.Add(PathParam("name"));
        if (namespaced) list.Add(PathParam("namespace"));
        return list;
    }

    private static JsonObject PathParam(string name) => new()
    {
        ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject QueryParam(string name) => new()
    {
        ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Gvk(ResourceDefinition d) => new() { ["group"] = d.Group, ["version"] = d.Version, ["kind"] = d.Kind };

    private static JsonObject Ref(string schemaName) => new() { ["$ref"] = $"#/components/schemas/{schemaName}" };

    /// <summary>Kubernetes names CRD schemas by the reversed group: velero.io/v1 Backup → io.velero.v1.Backup.</summary>
    private static string SchemaName(ResourceDefinition d)
    {
        if (d.Group.Length == 0) return $"io.k8s.api.core.{d.Version}.{d.Kind}";
        if (d.Group.EndsWith(".k8s.io", StringComparison.Ordinal) || !d.Group.Contains('.', StringComparison.Ordinal))
            return $"io.k8s.api.{d.Group.Replace(".k8s.io", "", StringComparison.Ordinal)}.{d.Version}.{d.Kind}";
        return $"{string.Join('.', d.Group.Split('.').Reverse())}.{d.Version}.{d.Kind}";
    }

    private static string PathKey(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static string Hash(JsonNode doc) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString())))[..32];
}
