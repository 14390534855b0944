using OpenTelemetry.Metrics;

namespace Portal.TestSupport;

/// <summary>Reads the portal's metrics as an in-memory exporter caught them: the sum of a counter, the count of a
/// histogram, the last value of a gauge, over the points that carry every given tag.</summary>
public static class MetricReadings
{
    public static long Sum(IEnumerable<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.GetSumLong());

    public static long Count(IEnumerable<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.GetHistogramCount());

    public static long Gauge(IEnumerable<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.GetGaugeLastValueLong());

    private static IEnumerable<MetricPoint> Points(IEnumerable<MetricSnapshot> metrics, string name, (string Key, string Value)[] tags) =>
        metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints).Where(p => HasTags(p, tags));

    private static bool HasTags(MetricPoint point, (string Key, string Value)[] wanted)
    {
        var tags = new Dictionary<string, string?>();
        foreach (var tag in point.Tags) tags[tag.Key] = tag.Value?.ToString();
        return wanted.All(w => tags.TryGetValue(w.Key, out var v) && v == w.Value);
    }
}
