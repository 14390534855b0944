using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;

namespace Portal.ClusterSimulator.Patch;

/// <summary>
/// RFC 6902 JSON patch (add, remove, replace, move, copy, test) over RFC 6901 pointers. A failing operation
/// throws a 422 <see cref="ApiException"/>, as the API server answers an inapplicable patch.
/// </summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode patch)
    {
        if (patch is not JsonArray ops) throw ApiException.BadRequest("json patch must be an array of operations");
        var doc = target.DeepClone();
        foreach (var op in ops)
        {
            if (op is not JsonObject o) throw ApiException.BadRequest("json patch operation must be an object");
            var kind = (string?)o["op"] ?? throw ApiException.BadRequest("json patch operation without \"op\"");
            var path = (string?)o["path"] ?? throw ApiException.BadRequest("json patch operation without \"path\"");
            switch (kind)
            {
                case "add": doc = Add(doc, path, o["value"]?.DeepClone()); break;
                case "remove": doc = Remove(doc, path, out _); break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, o["value"]?.DeepClone());
                    break;
                case "move":
                {
                    var from = (string?)o["from"] ?? throw ApiException.BadRequest("move without \"from\"");
                    doc = Remove(doc, from, out var moved);
                    doc = Add(doc, path, moved);
                    break;
                }
                case "copy":
                {
                    var from = (string?)o["from"] ?? throw ApiException.BadRequest("copy without \"from\"");
                    doc = Add(doc, path, Resolve(doc, from)?.DeepClone());
                    break;
                }
                case "test":
                    if (Resolve(doc, path)?.ToJsonString() != o["value"]?.ToJsonString())
                        throw Unprocessable($"testing value {path} failed");
                    break;
                default: throw ApiException.BadRequest($"unexpected json patch operation \"{kind}\"");
            }
        }
        return doc;
    }

    private static JsonNode Add(JsonNode doc, string path, JsonNode? value)
    {
        if (path.Length == 0) return value ?? throw Unprocessable("cannot replace the document with null");
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray arr:
                if (last == "-")
                {
                    arr.Add(value);
                }
                else if (int.TryParse(last, out var i) && i >= 0 && i <= arr.Count)
                {
                    arr.Insert(i, value);
                }
                else
                {
                    throw Unprocessable($"add operation does not apply: index {last} is out of bounds at {path}");
                }
                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\"");
        }
        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string path, out JsonNode? removed)
    {
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                removed = obj[last];
                obj.Remove(last);
                return doc;
            case JsonArray arr when int.TryParse(last, out var i) && i >= 0 && i < arr.Count:
                removed = arr[i];
                arr.RemoveAt(i);
                return doc;
            default:
                throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\"");
        }
    }

    private static JsonNode? Resolve(JsonNode doc, string path)
    {
        if (path.Length == 0) return doc;
        var (parent, last) = Parent(doc, path);
        return parent switch
        {
            JsonObject obj when obj.ContainsKey(last) => obj[last],
            JsonArray arr when int.TryParse(last, out var i) && i >= 0 && i < arr.Count => arr[i],
            _ => throw Unprocessable($"doc is missing path: \"{path}\""),
        };
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode doc, string path)
    {
        if (!path.StartsWith('/')) throw Unprocessable($"invalid json pointer \"{path}\"");
        var parts = path[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode? node = doc;
        foreach (var part in parts[..^1])
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) throw Unprocessable($"doc is missing path: \"{path}\"");
        }
        return (node, parts[^1]);
    }

    private static ApiException Unprocessable(string message) => new(422, "Invalid", message);
}
