using System.Collections;
using System.Globalization;

namespace RetentionKit.Data;

/// <summary>
/// A column's ids by code, as the pool found them: whole-number ids (invoice 536365) are kept as their number and
/// written as text only when asked for. A file's orders are a third of its lines, and most are never shown: their
/// text would be a string per order, held for the table's life.
/// </summary>
internal sealed class IdList : IReadOnlyList<string>
{
    private string?[] _text = new string?[64];
    private long[] _number = new long[64]; // −1: a text id, in _text from the start

    public int Count { get; private set; }

    public int AddText(string text) => Add(text, -1);

    /// <param name="number">The id's <see cref="StringPool.WholeNumber"/> value, whose text is its digits.</param>
    public int AddNumber(long number) => Add(null, number);

    private int Add(string? text, long number)
    {
        if (Count == _number.Length)
        {
            Array.Resize(ref _text, Count * 2);
            Array.Resize(ref _number, Count * 2);
        }
        _text[Count] = text;
        _number[Count] = number;
        return Count++;
    }

    /// <summary>The text of a code added by <see cref="AddText"/>.</summary>
    public string TextOf(int code) => _text[code]!;

    public string this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            // Written once and kept; two threads asking at once write equal strings.
            return _text[index] ??= _number[index].ToString(CultureInfo.InvariantCulture);
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
