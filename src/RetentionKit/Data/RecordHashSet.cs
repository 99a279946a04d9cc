namespace RetentionKit.Data;

/// <summary>
/// Open-addressing set of 128-bit record hashes remembering the line each was first seen on.
/// Flat arrays, one probe sequence: Dictionary&lt;UInt128, long&gt; cost ~4× more per row on 10M-row files.
/// </summary>
internal sealed class RecordHashSet
{
    private ulong[] _lo = new ulong[1 << 16];
    private ulong[] _hi = new ulong[1 << 16];
    private long[] _line = new long[1 << 16]; // 0 = empty (lines are 1-based)
    private int _count;

    /// <summary>Adds the hash; returns 0 when new, else the line it was first seen on.</summary>
    public long AddOrGetFirstLine(UInt128 hash, long line)
    {
        ulong lo = (ulong)hash, hi = (ulong)(hash >> 64);
        int mask = _lo.Length - 1;
        int i = (int)lo & mask;
        while (_line[i] != 0)
        {
            if (_lo[i] == lo && _hi[i] == hi) return _line[i];
            i = (i + 1) & mask;
        }
        _lo[i] = lo; _hi[i] = hi; _line[i] = line;
        if (++_count * 2 > _lo.Length) Grow();
        return 0;
    }

    private void Grow()
    {
        var (lo, hi, line) = (_lo, _hi, _line);
        _lo = new ulong[lo.Length * 2]; _hi = new ulong[lo.Length * 2]; _line = new long[lo.Length * 2];
        int mask = _lo.Length - 1;
        for (int j = 0; j < lo.Length; j++)
        {
            if (line[j] == 0) continue;
            int i = (int)lo[j] & mask;
            while (_line[i] != 0) i = (i + 1) & mask;
            _lo[i] = lo[j]; _hi[i] = hi[j]; _line[i] = line[j];
        }
    }
}
