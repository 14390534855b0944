using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// What the API server checks before an object is stored: names, apiVersion/kind, schema validation with the
/// requested field validation mode (Strict rejects unknown fields, Warn/Ignore prune them silently, Warn adds a
/// Warning header as kube-apiserver does).
/// </summary>
internal static class Admission
{
    public static void CheckTypeMeta(ResourceDefinition def, JsonObject obj)
    {
        var apiVersion = obj.StringProperty("apiVersion");
        var kind = obj.StringProperty("kind");
        if (apiVersion is null) obj["apiVersion"] = def.ApiVersion;
        else if (apiVersion != def.ApiVersion)
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({def.ApiVersion})");
        if (kind is null) obj["kind"] = def.Kind;
        else if (kind != def.Kind)
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({def.Kind})");
    }

    /// <summary>ObjectMeta rules (names, labels, annotations): 422 Invalid like any schema violation.</summary>
    public static void CheckMetadata(ResourceDefinition def, JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj["metadata"], nameIsLabel: def.Kind == "Namespace" && def.Group.Length == 0);
        if (errors.Count > 0)
        {
            var name = JsonHelpers.NameOf(obj) ?? obj["metadata"].StringProperty("generateName") ?? "";
            throw ApiException.Invalid(def.QualifiedKind, name, def.Group, def.Kind, errors.Select(e => (e.Field, e.Reason, e.Message)));
        }
    }

    /// <summary>Validates (and prunes unless Strict) the object; throws 422 Invalid with causes on failure.</summary>
    public static void Validate(ResourceDefinition def, JsonObject obj, string fieldValidation, HttpResponse? response)
    {
        var rules = BuiltInRules.Check(def, obj);
        if (def.Schema is null)
        {
            if (rules.Count > 0) throw Invalid(def, obj, rules);
            return;
        }
        var strict = string.Equals(fieldValidation, "Strict", StringComparison.OrdinalIgnoreCase);
        var errors = new List<SchemaError>();
        if (strict)
        {
            // A built-in kind with its real schema is checked as KubernetesSchemaSet checks it: metadata against
            // ObjectMeta and the templates' metadata by the ObjectMeta rules too (the object's own passed CheckMetadata).
            errors.AddRange(def.SchemaDefinitions is { } definitions
                ? KubernetesSchemaSet.ValidateObject(def.Schema, definitions, obj, true, nameIsLabel: def.Kind == "Namespace" && def.Group.Length == 0)
                : StructuralSchemaValidator.Validate(def.Schema, obj, true, def.SchemaDefinitions));
        }
        else
        {
            var unknown = StructuralSchemaValidator.Validate(def.Schema, obj, true, def.SchemaDefinitions).Where(e => e.IsUnknownField).ToList();
            if (unknown.Count > 0 && response is not null && string.Equals(fieldValidation, "Warn", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var u in unknown) response.Headers.Append("Warning", $"299 - \"unknown field \\\"{u.Field}\\\"\"");
            }
        }
        StructuralSchemaValidator.Prune(def.Schema, obj, def.SchemaDefinitions);
        if (!strict) errors.AddRange(StructuralSchemaValidator.Validate(def.Schema, obj, false, def.SchemaDefinitions));
        errors.AddRange(rules.Where(r => !errors.Any(e => e.Field == r.Field))); // the schema may already say it
        if (errors.Count > 0) throw Invalid(def, obj, errors);
    }

    private static ApiException Invalid(ResourceDefinition def, JsonObject obj, IEnumerable<SchemaError> errors)
    {
        var name = JsonHelpers.NameOf(obj) ?? obj["metadata"].StringProperty("generateName") ?? "";
        return ApiException.Invalid(def.QualifiedKind, name, def.Group, def.Kind, errors.Select(e => (e.Field, e.Reason, e.Message)));
    }
}
