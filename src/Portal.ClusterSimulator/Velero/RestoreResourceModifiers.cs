using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Patch;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Velero's restore resource modifiers (<c>spec.resourceModifier</c> naming a ConfigMap in Velero's namespace whose one
/// data entry holds <c>version: v1</c> and <c>resourceModifierRules</c>): each rule whose conditions match an object
/// (groupResource, resourceNameRegex, namespaces of the backed-up object, labelSelector.matchLabels) has its JSON patches
/// applied before the object is created. Values are text, written into the patch unquoted when they read as JSON
/// (true, 3, {..}, null) and quoted otherwise, as Velero does. A failing <c>test</c> skips the rule for that object; any
/// other failing operation fails the object (Velero counts it as a restore error and does not create it).
/// </summary>
internal sealed class RestoreResourceModifiers
{
    private readonly List<JsonObject> _rules;

    private RestoreResourceModifiers(List<JsonObject> rules) => _rules = rules;

    /// <summary>The rules a Restore names, or an error in Velero's words when the ConfigMap is missing or unreadable
    /// (Velero fails such a restore's validation).</summary>
    public static (RestoreResourceModifiers? Modifiers, string? Error) Load(SimulatorContext sim, JsonObject? restoreSpec, string veleroNamespace)
    {
        if (restoreSpec?["resourceModifier"] is not JsonObject reference) return (null, null);
        var name = reference.StringProperty("name") ?? "";
        if (!string.Equals(reference.StringProperty("kind"), "configmap", StringComparison.OrdinalIgnoreCase))
            return (null, $"invalid resourceModifier kind \"{reference.StringProperty("kind")}\": only configmap is supported");
        var map = sim.Definition("v1", "ConfigMap") is { } def ? sim.Store.Get(def, veleroNamespace, name) : null;
        if (map is null) return (null, $"failed to get resource modifiers configmap {veleroNamespace}/{name}: not found");
        if (map["data"] is not JsonObject { Count: 1 } data)
            return (null, $"could not parse resource modifiers configmap {veleroNamespace}/{name}: it must hold exactly one entry");
        try
        {
            var doc = YamlToJson.ParseSingle(data.First().Value.ScalarText() ?? "") as JsonObject;
            if (doc.StringProperty("version") != "v1") return (null, $"unsupported resource modifiers version in configmap {veleroNamespace}/{name}");
            var rules = (doc?["resourceModifierRules"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            return (new RestoreResourceModifiers(rules), null);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return (null, $"could not parse resource modifiers configmap {veleroNamespace}/{name}: {e.Message}");
        }
    }

    /// <summary>Applies the matching rules to <paramref name="obj"/>; false when a patch failed (the object is not restored).</summary>
    public bool Apply(ref JsonObject obj, string groupResource, string? originalNamespace)
    {
        foreach (var rule in _rules)
        {
            if (!Matches(rule["conditions"] as JsonObject, obj, groupResource, originalNamespace)) continue;
            var patch = new JsonArray();
            foreach (var p in (rule["patches"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var op = new JsonObject { ["op"] = p.StringProperty("operation"), ["path"] = p.StringProperty("path") };
                if (p.StringProperty("from") is { } from) op["from"] = from;
                if (p.ContainsKey("value")) op["value"] = ValueOf(p["value"]);
                patch.Add(op);
            }
            if (FailingTest(obj, patch)) continue;
            try
            {
                obj = (JsonObject)JsonPatch.Apply(obj, patch);
            }
            catch (ApiException)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Velero runs the whole patch and skips the rule when it fails on a <c>test</c>: the tests are checked first
    /// here, each against the object as the operations before it leave it.</summary>
    private static bool FailingTest(JsonObject obj, JsonArray patch)
    {
        JsonNode doc = obj;
        foreach (var op in patch.OfType<JsonObject>())
        {
            try
            {
                doc = JsonPatch.Apply(doc, new JsonArray(op.DeepClone()));
            }
            catch (ApiException)
            {
                return op.StringProperty("op") == "test";
            }
        }
        return false;
    }

    private static bool Matches(JsonObject? conditions, JsonObject obj, string groupResource, string? originalNamespace)
    {
        if (conditions is null) return false;
        var wanted = conditions.StringProperty("groupResource") ?? "";
        if (wanted != "*" && !string.Equals(wanted, groupResource, StringComparison.OrdinalIgnoreCase)) return false;
        if (conditions.StringProperty("resourceNameRegex") is { Length: > 0 } regex
            && !Regex.IsMatch(JsonHelpers.NameOf(obj) ?? "", regex, RegexOptions.None, TimeSpan.FromSeconds(1))) return false;
        if (conditions["namespaces"] is JsonArray { Count: > 0 } namespaces
            && !namespaces.Any(n => n.ScalarText() == originalNamespace)) return false;
        if (conditions["labelSelector"]?["matchLabels"] is JsonObject labels
            && !labels.All(l => obj.Labels().TryGetValue(l.Key, out var v) && v == l.Value.ScalarText())) return false;
        return true;
    }

    /// <summary>Velero's rule for a value: unquoted when it reads as JSON (null, true/false, a number,
    /// an object or array), quoted otherwise.</summary>
    private static JsonNode? ValueOf(JsonNode? value)
    {
        var text = value.ScalarText();
        if (text is null) return value?.DeepClone();
        if (text.Length == 0) return JsonValue.Create("");
        if (text == "null") return null;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(true);
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(false);
        if (text.StartsWith('{') || text.StartsWith('[')) return JsonNode.Parse(text);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return JsonNode.Parse(text);
        return JsonValue.Create(text);
    }
}
