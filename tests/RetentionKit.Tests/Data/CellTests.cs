using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>The loader's quick trim gives what .NET's Trim gives, for every character at either end.</summary>
public class CellTests
{
    [Fact]
    public void Trim_EqualsSpanTrim_ForEveryCharacterAtEitherEnd()
    {
        for (int c = 0; c <= char.MaxValue; c++)
        {
            char ch = (char)c;
            foreach (var s in new[] { $"{ch}", $"{ch}ab", $"ab{ch}", $"{ch}a{ch}", $"{ch}{ch}", $" {ch} ", $"\t1{ch}" })
                Assert.True(s.AsSpan().Trim().SequenceEqual(Cell.Trim(s)), $"U+{c:X4} in \"{s}\"");
        }
        Assert.True(Cell.Trim("").IsEmpty);
    }
}
