using System.Numerics;

namespace RetentionKit.Data;

/// <summary>
/// Dictionary-encodes strings straight from spans, so a million rows that repeat four thousand
/// customer ids allocate four thousand strings, not a million. net8.0 has no span lookup on
/// <see cref="Dictionary{TKey,TValue}"/>, hence this small open-addressing table.
/// </summary>
internal sealed class StringPool
{
    // Slot = (hash << 32) | (code + 1), 0 = empty: hash and code in one word so a probe is one memory access.
    private long[] _slots;
    private readonly IdList _values = new();
    private int _lastCode = -1;    // consecutive rows often repeat the same id (one invoice = many lines)
    private long _lastNumber = -1; // the last code's number when it is one

    private readonly int _numbersHint;

    /// <param name="capacity">Ids expected: sizes the number table at its first number.</param>
    public StringPool(int capacity = 1024)
    {
        _numbersHint = capacity;
        int size = 1;
        while (size < Math.Min(capacity, 4096) * 2) size <<= 1; // text ids grow their table as they come
        _slots = new long[size];
    }

    public int Count => _values.Count;
    public IdList Values => _values;

    // Ids that are plain whole numbers (customer 17850, invoice 536365) are keyed by their value: one probe of a
    // (number, code) slot, no string hash and no string to compare. Leading zeros go the string way ("007" ≠ "7").
    private (long Number, int Code)[] _numbers = [];
    private int _numberCount;
    private int _textCount;

    /// <summary>
    /// The id's value when it is a plain whole number of at most 18 digits without a leading zero, else -1: such ids are
    /// keyed by value ("007" is text, so it stays apart from "7").
    /// </summary>
    public static long WholeNumber(ReadOnlySpan<char> value)
    {
        if (value.Length is 0 or > 18 || (value[0] == '0' && value.Length > 1)) return -1;
        long number = 0;
        foreach (char ch in value)
        {
            uint d = (uint)(ch - '0');
            if (d > 9) return -1;
            number = number * 10 + d;
        }
        return number;
    }

    public int GetOrAdd(ReadOnlySpan<char> value) => GetOrAdd(value, WholeNumber(value));

    /// <summary>The code of <paramref name="value"/>, whose <see cref="WholeNumber"/> is already known.</summary>
    public int GetOrAdd(ReadOnlySpan<char> value, long number)
    {
        if (number >= 0)
        {
            if (number == _lastNumber) return _lastCode;
            _lastNumber = number;
            return _lastCode = GetOrAddNumber(number);
        }
        if (_lastCode >= 0 && _lastNumber < 0 && value.SequenceEqual(_values.TextOf(_lastCode).AsSpan())) return _lastCode;
        _lastNumber = -1;
        int hash = string.GetHashCode(value);
        int mask = _slots.Length - 1;
        int i = hash & mask;
        while (true)
        {
            long slot = _slots[i];
            if (slot == 0) break;
            int code1 = (int)slot;
            if ((int)(slot >> 32) == hash && value.SequenceEqual(_values.TextOf(code1 - 1).AsSpan()))
                return _lastCode = code1 - 1;
            i = (i + 1) & mask;
        }
        int code = _values.AddText(value.ToString());
        _slots[i] = ((long)hash << 32) | (uint)(code + 1);
        // Sized by the text ids alone: counting the number ids too grew it to twice every id of the file.
        if (++_textCount * 2 > _slots.Length) Grow();
        return _lastCode = code;
    }

    public int GetOrAdd(string value) => GetOrAdd(value.AsSpan());

    // Ids numbered in a dense run (invoices 536365, 536366, …; customers 10000 upwards) are found by their place in an
    // array from the first one's neighbourhood: new ids in rising order write it in sequence, where a hash table misses
    // the cache on each (orders are a third of a file's lines). The run stops growing at the first number that falls far
    // outside it; such numbers, and every number after that outside the run, go to the hash table, so no number is in both.
    private int[] _dense = [];       // code + 1 of _denseBase + i, 0 = not seen
    private long _denseBase = -1;
    private bool _denseFrozen;
    private const int DenseMinimum = 1 << 17, DenseMaximum = 1 << 26;

    private int GetOrAddNumber(long number)
    {
        long offset = number - _denseBase;
        if ((ulong)offset < (ulong)_dense.Length || (!_denseFrozen && DenseCovers(number, ref offset)))
        {
            ref int slot = ref _dense[offset];
            if (slot != 0) return slot - 1;
            int code = _values.AddNumber(number);
            slot = code + 1;
            return code;
        }
        return GetOrAddHashed(number);
    }

    // Whether the run can grow to cover the number (growing it if so): within eight slots per id seen so far (at least
    // 2¹⁷ slots), so a sparse set of numbers goes to the hash table instead of into an array mostly empty.
    private bool DenseCovers(long number, ref long offset)
    {
        if (_denseBase < 0)
        {
            _denseBase = Math.Max(0, number - DenseMinimum / 2);
            offset = number - _denseBase;
        }
        long limit = Math.Min(DenseMaximum, Math.Max(DenseMinimum, 8L * (_values.Count + 1)));
        if (offset < 0 || offset >= limit) { _denseFrozen = true; return false; }
        // Doubled as it grows (a power of two, at most 2²⁶), whatever the limit: an array resized by a few slots per id
        // would be copied over and over.
        long want = Math.Max(offset + 1, Math.Max(2L * _dense.Length, Math.Min(_numbersHint, DenseMinimum)));
        Array.Resize(ref _dense, (int)Math.Min(DenseMaximum, BitOperations.RoundUpToPowerOf2((ulong)want)));
        return true;
    }

    private int GetOrAddHashed(long number)
    {
        if (_numberCount * 2 >= _numbers.Length) GrowNumbers();
        int mask = _numbers.Length - 1;
        int i = Slot(number, mask);
        while (true)
        {
            ref var slot = ref _numbers[i];
            if (slot.Code == 0)
            {
                int code = _values.AddNumber(number);
                slot = (number, code + 1);
                _numberCount++;
                return code;
            }
            if (slot.Number == number) return slot.Code - 1;
            i = (i + 1) & mask;
        }
    }

    private static int Slot(long number, int mask) => (int)((ulong)number * 0x9E3779B97F4A7C15UL >> 32) & mask;

    private void GrowNumbers()
    {
        var old = _numbers;
        _numbers = new (long, int)[old.Length == 0 ? Math.Max(1024, (int)Math.Min(1 << 28, BitOperations.RoundUpToPowerOf2((uint)_numbersHint * 2))) : old.Length * 2];
        int mask = _numbers.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Code == 0) continue;
            int i = Slot(slot.Number, mask);
            while (_numbers[i].Code != 0) i = (i + 1) & mask;
            _numbers[i] = slot;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new long[old.Length * 2];
        int mask = _slots.Length - 1;
        foreach (long slot in old)
        {
            if (slot == 0) continue;
            int i = (int)(slot >> 32) & mask;
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = slot;
        }
    }
}
