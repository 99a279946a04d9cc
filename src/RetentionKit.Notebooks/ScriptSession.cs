using System.ComponentModel;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolDisplay = Microsoft.CodeAnalysis.CSharp.SymbolDisplay;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace RetentionKit.Notebooks;

/// <summary>
/// The runner's own plumbing, public only because compiled cells call it: where the variables of earlier cells live
/// once the runner has started a fresh compilation chain (see <see cref="ScriptSession"/>). Not for notebooks.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CarriedVariables
{
    /// <summary>A reference to a variable of an earlier cell.</summary>
    public delegate ref T Reference<T>();

    private readonly List<object?> _slots = new();

    /// <summary>Keeps a reference to a variable, so that later cells read and write the variable itself.</summary>
    public void Bind<T>(int slot, Reference<T> reference) => Put(slot, reference);

    /// <summary>Keeps the value of a read-only variable.</summary>
    public void Keep<T>(int slot, T value) => Put(slot, new StrongBox<T>(value));

    /// <summary>The variable behind <paramref name="slot"/>.</summary>
    public ref T Ref<T>(int slot) => ref ((Reference<T>)_slots[slot]!)();

    /// <summary>The value of the read-only variable behind <paramref name="slot"/>.</summary>
    public T Value<T>(int slot) => ((StrongBox<T>)_slots[slot]!).Value;

    internal int Count => _slots.Count;

    private void Put(int slot, object value)
    {
        while (_slots.Count <= slot) _slots.Add(null);
        _slots[slot] = value;
    }

    private sealed class StrongBox<T>(T value) { public T Value { get; } = value; }
}

/// <summary>
/// One notebook's Roslyn scripting session, with a bound on how long its compilation chain grows.
/// </summary>
/// <remarks>
/// A script chain keeps every earlier cell's compilation alive, and each new cell's name lookups fill caches in all of
/// them: memory grows with the square of the cell count (1,000 one-line cells took 1.4 GB, 2,000 took 4.6 GB; the
/// kernel does the same). So every <see cref="CellsPerChain"/> cells the session starts a fresh chain whose first
/// submission declares what the earlier cells left: each variable as a ref-returning property bound to the variable
/// itself (a lambda of the old chain returns a reference to it, so code that captured the variable still sees every
/// later write, and <c>out x</c> still works), read-only variables as their value, constants as constants, methods
/// re-compiled from their own source under <c>#line</c> (errors and stack traces still name their cell and line),
/// and every using directive. When something cannot be carried that way (a type declared in a cell, a variable of an
/// anonymous type or of a type declared in a cell, an auto-property), the chain simply continues, as in the kernel.
/// </remarks>
internal sealed class ScriptSession(NotebookGlobals globals)
{
    /// <summary>Cells compiled in one chain before the session starts a fresh one.</summary>
    public const int CellsPerChain = 64;

    // Cells to wait before trying again when a variable is in the way (each try reads the chain's declarations).
    private const int RetryAfter = 16;

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private ScriptState<object>? _state;
    private ScriptOptions? _options;
    private Script? _prelude;
    private int _cellsInChain;
    private readonly Dictionary<string, Carried> _carried = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _usings = new(StringComparer.Ordinal);

    /// <summary>How many fresh chains the session started.</summary>
    public int Rebases { get; private set; }

    /// <summary>Why the session keeps one chain from now on, once it has to.</summary>
    public string? ChainKept { get; private set; }

    /// <summary>Runs a cell; the cell's value is the state's return value.</summary>
    public ScriptState<object> Run(string code, ScriptOptions options)
    {
        var cell = _state is null
            ? CSharpScript.RunAsync(code, options, globals).GetAwaiter().GetResult()
            : _state.ContinueWithAsync(code, options).GetAwaiter().GetResult();
        (_state, _options) = (cell, options);
        _cellsInChain++;
        if (_cellsInChain >= CellsPerChain && ChainKept is null) Rebase();
        return cell;
    }

    private abstract record Carried(string Name);
    private sealed record Variable(string Name, string Type, bool ReadOnly, int Slot) : Carried(Name);
    private sealed record Declaration(string Name, IReadOnlyList<string> Texts) : Carried(Name);
    // A variable of a type no later chain can name (anonymous, or declared in a cell): no switch while it is in sight.
    private sealed record Uncarriable(string Name) : Carried(Name);

    private void Rebase()
    {
        try
        {
            var found = ReadChain(out var why);
            if (found is null)
            {
                if (why is not null) ChainKept = why;
                else _cellsInChain = CellsPerChain - RetryAfter; // a later cell may hide the variable that is in the way
                return;
            }
            var fresh = found.Values.OfType<Variable>().Where(v => v.Slot < 0).ToList();
            var bound = new List<Variable>();
            var capture = new StringBuilder();
            // Slots are never reused: code compiled in an earlier chain still reads its variables through them.
            int next = globals.__carried.Count;
            foreach (var v in fresh)
            {
                var b = v with { Slot = next++ };
                bound.Add(b);
                capture.Append(b.ReadOnly
                    ? $"__carried.Keep<{b.Type}>({b.Slot}, @{b.Name});\n"
                    : $"__carried.Bind<{b.Type}>({b.Slot}, () => ref @{b.Name});\n");
            }
            var options = _options!.WithFilePath("notebook-runner");
            if (capture.Length > 0) _state!.ContinueWithAsync(capture.ToString(), options).GetAwaiter().GetResult();
            foreach (var b in bound) found[b.Name] = b;

            var prelude = new StringBuilder();
            foreach (var u in _usings.Values) prelude.Append(u).Append('\n');
            foreach (var c in found.Values)
            {
                switch (c)
                {
                    case Variable { ReadOnly: true } v: prelude.Append($"#line hidden\n{v.Type} @{v.Name} => __carried.Value<{v.Type}>({v.Slot});\n"); break;
                    case Variable v: prelude.Append($"#line hidden\nref {v.Type} @{v.Name} => ref __carried.Ref<{v.Type}>({v.Slot});\n"); break;
                    case Declaration d: foreach (var t in d.Texts) prelude.Append(t).Append('\n'); break;
                }
            }
            var state = CSharpScript.RunAsync(prelude.ToString(), options, globals).GetAwaiter().GetResult();
            _carried.Clear();
            foreach (var (k, v) in found) _carried[k] = v;
            _state = state;
            _prelude = state.Script;
            _cellsInChain = 0;
            Rebases++;
        }
        catch (Exception e)
        {
            // Carrying failed in a way the checks did not foresee: the chain goes on as it is, as in the kernel.
            ChainKept = $"carrying the session to a fresh chain failed ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>
    /// What the cells since the last fresh chain declared, merged over what was carried before (a later declaration of
    /// a name hides an earlier one, as in the chain); null with a reason when the chain must go on for good, or null
    /// without one when this is not the moment (a variable that cannot be carried yet, which a later cell may hide).
    /// </summary>
    private Dictionary<string, Carried>? ReadChain(out string? why)
    {
        why = null;
        var scripts = new List<Script>();
        for (var s = _state!.Script; s is not null && !ReferenceEquals(s, _prelude); s = s.Previous) scripts.Add(s);
        scripts.Reverse();
        var found = new Dictionary<string, Carried>(_carried, StringComparer.Ordinal);
        var usings = new Dictionary<string, string>(_usings, StringComparer.Ordinal);
        foreach (var script in scripts)
        {
            var compilation = script.GetCompilation();
            var tree = compilation.SyntaxTrees.Single();
            var root = (CompilationUnitSyntax)tree.GetRoot();
            if (root.Externs.Count > 0) { why = "a cell declares an extern alias"; return null; }
            foreach (var u in root.Usings)
                usings[u.Alias is { } a ? "alias " + a.Name.Identifier.ValueText : u.ToString()] = u.ToString();
            var declared = new Dictionary<string, Carried>(StringComparer.Ordinal);
            foreach (var member in compilation.ScriptClass!.GetMembers())
            {
                if (member.IsImplicitlyDeclared || !member.CanBeReferencedByName) continue;
                switch (member)
                {
                    case INamedTypeSymbol t:
                        why = $"a cell declares the type {t.Name}, whose values cannot move to a fresh chain";
                        return null;
                    case IFieldSymbol { IsConst: true } f:
                        declared[f.Name] = new Declaration(f.Name, [$"#line hidden\nconst {f.Type.ToDisplayString(TypeFormat)} @{f.Name} = ({f.Type.ToDisplayString(TypeFormat)}){Literal(f.ConstantValue)};"]);
                        break;
                    case IFieldSymbol f when !Carriable(f.Type):
                        declared[f.Name] = new Uncarriable(f.Name);
                        break;
                    case IFieldSymbol f:
                        declared[f.Name] = new Variable(f.Name, f.Type.ToDisplayString(TypeFormat), f.IsReadOnly, -1);
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } m:
                        var text = Source(m, tree);
                        declared[m.Name] = declared.TryGetValue(m.Name, out var group) && group is Declaration d
                            ? d with { Texts = [.. d.Texts, text] }
                            : new Declaration(m.Name, [text]);
                        break;
                    case IMethodSymbol:
                        break;
                    case IPropertySymbol p when IsComputed(p):
                        declared[p.Name] = new Declaration(p.Name, [Source(p, tree)]);
                        break;
                    default:
                        why = $"a cell declares {member.Kind.ToString().ToLowerInvariant()} {member.Name} with storage of its own";
                        return null;
                }
            }
            foreach (var (k, v) in declared) found[k] = v;
        }
        if (found.Values.Any(v => v is Uncarriable)) return null;
        foreach (var (k, v) in usings) _usings[k] = v;
        return found;
    }

    /// <summary>A property with bodies only (no storage of its own), which can be compiled again.</summary>
    private static bool IsComputed(IPropertySymbol p) => p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
    {
        PropertyDeclarationSyntax { ExpressionBody: not null } => true,
        PropertyDeclarationSyntax { AccessorList.Accessors: var accessors } => accessors.All(a => a.Body is not null || a.ExpressionBody is not null),
        _ => false,
    };

    /// <summary>A declaration's own text, placed at its cell and line so errors and stack traces still point there.</summary>
    private static string Source(ISymbol symbol, SyntaxTree tree)
    {
        var node = symbol.DeclaringSyntaxReferences[0].GetSyntax();
        var line = tree.GetLineSpan(node.Span).StartLinePosition.Line + 1;
        return $"#line {line} \"{tree.FilePath}\"\n{node}";
    }

    /// <summary>Whether a new chain can name the type: not anonymous, not declared in a cell.</summary>
    private static bool Carriable(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => false,
        IArrayTypeSymbol a => Carriable(a.ElementType),
        IPointerTypeSymbol p => Carriable(p.PointedAtType),
        IDynamicTypeSymbol => true,
        INamedTypeSymbol { IsAnonymousType: true } => false,
        INamedTypeSymbol n => n.ContainingAssembly is not { IsInteractive: true } && (n.ContainingType is null || Carriable(n.ContainingType)) && n.TypeArguments.All(Carriable),
        _ => false,
    };

    private static string Literal(object? value) => value switch
    {
        null => "null",
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
        double d when !double.IsFinite(d) => double.IsNaN(d) ? "double.NaN" : d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity",
        float f when !float.IsFinite(f) => float.IsNaN(f) ? "float.NaN" : f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
        _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) ?? "null",
    };
}
