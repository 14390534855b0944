using System.Globalization;
using System.Text;

namespace Portal.Kubernetes;

/// <summary>Formats a <see cref="TimeSpan"/> the way Go's <c>time.Duration.String()</c> does, which is what Velero's
/// <c>metav1.Duration</c> fields (<c>ttl</c>) read and write: <c>720h0m0s</c>, <c>1h30m0s</c>, <c>45s</c>, <c>1.5s</c>, <c>0s</c>.</summary>
public static class GoDuration
{
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Duration();
        }

        // Go prints durations under one second in ms/µs/ns; TimeSpan's resolution is 100 ns.
        if (value < TimeSpan.FromSeconds(1))
        {
            var nanos = value.Ticks * 100;
            if (nanos < 1_000)
            {
                return sb.Append(nanos).Append("ns").ToString();
            }

            if (nanos < 1_000_000)
            {
                return sb.Append(Fraction(nanos, 1_000)).Append("µs").ToString();
            }

            return sb.Append(Fraction(nanos, 1_000_000)).Append("ms").ToString();
        }

        var totalHours = (long)Math.Floor(value.TotalHours);
        var ticksPastMinute = value.Ticks % TimeSpan.TicksPerMinute;
        if (totalHours > 0)
        {
            sb.Append(totalHours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (totalHours > 0 || value.Minutes > 0)
        {
            sb.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(Fraction(ticksPastMinute, TimeSpan.TicksPerSecond)).Append('s');
        return sb.ToString();
    }

    private static string Fraction(long amount, long unit)
    {
        var whole = amount / unit;
        var rest = amount % unit;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + fraction;
    }
}
