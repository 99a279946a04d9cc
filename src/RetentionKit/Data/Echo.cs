using System.Text;

namespace RetentionKit.Data;

/// <summary>
/// Text from the input as it is shown back to the user (rejections, headers, errors): at most
/// <see cref="MaxChars"/> characters with the full length said, and control characters (ANSI escapes among them)
/// shown as their code instead of acting on the terminal.
/// </summary>
public static class Echo
{
    /// <summary>The longest value echoed in full.</summary>
    public const int MaxChars = 120;

    /// <summary>The value made safe to print.</summary>
    public static string Value(ReadOnlySpan<char> raw)
    {
        var sb = new StringBuilder(Math.Min(raw.Length, MaxChars) + 24);
        foreach (char c in raw[..Math.Min(raw.Length, MaxChars)])
        {
            if (char.IsControl(c) && c != '\t') sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        if (raw.Length > MaxChars) sb.Append("… (").Append(raw.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" characters)");
        return sb.ToString();
    }
}
