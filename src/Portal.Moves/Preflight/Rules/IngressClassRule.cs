using Portal.Domain.Moves;
using Portal.Moves.Objects;

namespace Portal.Moves.Preflight.Rules;

/// <summary>Every ingress class the Ingresses ask for, by <c>spec.ingressClassName</c> or the legacy annotation
/// <c>kubernetes.io/ingress.class</c>, exists on the target; an Ingress naming none needs a default class.</summary>
internal static class IngressClassRule
{
    private const string LegacyAnnotation = "kubernetes.io/ingress.class";

    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        var classes = c.Target.IngressClasses;
        var known = classes.Count == 0 ? "no ingress classes" : "the classes " + string.Join(", ", classes.Select(i => $"\"{i.Name}\""));
        foreach (var ingress in c.Objects.Where(o => o.StringProperty("kind") == "Ingress"))
        {
            var key = ObjectKey.Of(ingress);
            var className = ingress.Obj("spec").StringProperty("ingressClassName");
            var annotation = ingress.Annotation(LegacyAnnotation);
            if (className is not null)
            {
                if (classes.All(i => i.Name != className))
                    yield return new(PreflightRules.IngressClass, PreflightSeverity.Error,
                        $"{key} asks for the ingress class \"{className}\", which the target does not have (it has {known}). Install that ingress controller on the target, or change spec.ingressClassName to one it has.", key);
            }
            else if (annotation is not null)
            {
                if (classes.All(i => i.Name != annotation))
                    yield return new(PreflightRules.IngressClass, PreflightSeverity.Warning,
                        $"{key} names the class \"{annotation}\" through the deprecated annotation {LegacyAnnotation}, and the target has no IngressClass of that name (it has {known}). A controller that still reads the annotation may serve it; better set spec.ingressClassName to one of the target's classes.", key);
            }
            else if (!classes.Any(i => i.IsDefault))
            {
                yield return new(PreflightRules.IngressClass, PreflightSeverity.Warning,
                    $"{key} names no ingress class and the target has no default IngressClass, so no controller may serve it. Set spec.ingressClassName (the target has {known}).", key);
            }
        }
    }
}
