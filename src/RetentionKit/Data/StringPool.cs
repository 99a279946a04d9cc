namespace RetentionKit.Data;

/// <summary>
/// Dictionary-encodes strings straight from spans, so a million rows that repeat four thousand
/// customer ids allocate four thousand strings, not a million. net8.0 has no span lookup on
/// <see cref="Dictionary{TKey,TValue}"/>, hence this small open-addressing table.
/// </summary>
internal sealed class StringPool
{
    private int[] _slots;          // code + 1; 0 = empty
    private int[] _hashes;
    private readonly List<string> _values = new();
    private int _lastCode = -1;    // consecutive rows often repeat the same id (one invoice = many lines)

    public StringPool(int capacity = 1024)
    {
        int size = 1;
        while (size < capacity * 2) size <<= 1;
        _slots = new int[size];
        _hashes = new int[size];
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
            int slot = _slots[i];
            if (slot == 0) break;
            if (_hashes[i] == hash && value.SequenceEqual(_values[slot - 1].AsSpan()))
                return _lastCode = slot - 1;
            i = (i + 1) & mask;
        }
        int code = _values.Count;
        _values.Add(value.ToString());
        _slots[i] = code + 1;
        _hashes[i] = hash;
        if (_values.Count * 2 > _slots.Length) Grow();
        return _lastCode = code;
    }

    public int GetOrAdd(string value) => GetOrAdd(value.AsSpan());

    private void Grow()
    {
        var oldSlots = _slots;
        var oldHashes = _hashes;
        _slots = new int[oldSlots.Length * 2];
        _hashes = new int[oldSlots.Length * 2];
        int mask = _slots.Length - 1;
        for (int j = 0; j < oldSlots.Length; j++)
        {
            if (oldSlots[j] == 0) continue;
            int i = oldHashes[j] & mask;
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = oldSlots[j];
            _hashes[i] = oldHashes[j];
        }
    }
}
