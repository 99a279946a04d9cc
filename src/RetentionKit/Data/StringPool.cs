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
    private readonly List<string> _values = new();
    private int _lastCode = -1;    // consecutive rows often repeat the same id (one invoice = many lines)

    public StringPool(int capacity = 1024)
    {
        int size = 1;
        while (size < capacity * 2) size <<= 1;
        _slots = new long[size];
    }

    public int Count => _values.Count;
    public List<string> Values => _values;

    public int GetOrAdd(ReadOnlySpan<char> value)
    {
        if (_lastCode >= 0 && value.SequenceEqual(_values[_lastCode].AsSpan())) return _lastCode;
        int hash = string.GetHashCode(value);
        int mask = _slots.Length - 1;
        int i = hash & mask;
        while (true)
        {
            long slot = _slots[i];
            if (slot == 0) break;
            int code1 = (int)slot;
            if ((int)(slot >> 32) == hash && value.SequenceEqual(_values[code1 - 1].AsSpan()))
                return _lastCode = code1 - 1;
            i = (i + 1) & mask;
        }
        int code = _values.Count;
        _values.Add(value.ToString());
        _slots[i] = ((long)hash << 32) | (uint)(code + 1);
        if (_values.Count * 2 > _slots.Length) Grow();
        return _lastCode = code;
    }

    public int GetOrAdd(string value) => GetOrAdd(value.AsSpan());

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
