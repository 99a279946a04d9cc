using System.Globalization;
using RetentionKit.Data;
using static RetentionKit.Tests.Data.LoaderTestKit;

namespace RetentionKit.Tests.Data;

/// <summary>Excel exports from Danish, Norwegian, German and Hungarian machines load with their culture.</summary>
public class CultureLoadingTests
{
    private static LoadOptions In(string culture, params string[] formats) =>
        new() { Culture = CultureInfo.GetCultureInfo(culture), DateFormats = formats.Length > 0 ? formats : null };

    [Fact]
    public void Load_DanishExcel_SemicolonDecimalCommaDotThousandsDashDates()
    {
        var r = LoadText("Kunde;Ordre;Dato;Antal;Pris\n1001;A1;15-03-2023;2;1.234,50\n1002;A2;01-04-2023;1;9,95\n",
            In("da-DK") with { CustomerColumn = "Kunde", OrderColumn = "Ordre", DateColumn = "Dato", QuantityColumn = "Antal", PriceColumn = "Pris" });
        Assert.Equal(';', r.Report.Delimiter);
        Assert.Equal(2, r.Report.RowsAccepted);
        Assert.Equal(new DateTime(2023, 3, 15), r.Transactions.Timestamps[0]);
        Assert.Equal(2469.0, r.Transactions.Amounts[0], 6);
        Assert.Equal(9.95, r.Transactions.UnitPrices[1], 6);
    }

    [Theory]
    [InlineData("plain space", "1 234,50")]
    [InlineData("no-break space", "1\u00A0234,50")]
    [InlineData("narrow no-break space", "1\u202F234,50")]
    public void Load_NorwegianExcel_SpaceThousandsDotDates(string label, string price)
    {
        _ = label;
        var r = LoadText($"kunde_id;ordre_id;dato;antall;pris\n7;X;15.03.2023;1;{price}\n",
            In("nb-NO") with { CustomerColumn = "kunde_id", OrderColumn = "ordre_id", DateColumn = "dato", QuantityColumn = "antall", PriceColumn = "pris" });
        Assert.Equal(1, r.Report.RowsAccepted);
        Assert.Equal(1234.5, r.Transactions.UnitPrices[0], 6);
        Assert.Equal(new DateTime(2023, 3, 15), r.Transactions.Timestamps[0]);
    }

    [Fact]
    public void Load_GermanExcel_DotThousandsDotDates()
    {
        var r = LoadText("Kundennummer;Belegnummer;Belegdatum;Menge;Umsatz\nK-1;B-1;15.03.2023;3;1.234.567,89\n",
            In("de-DE") with { CustomerColumn = "Kundennummer", OrderColumn = "Belegnummer", DateColumn = "Belegdatum", QuantityColumn = "Menge", AmountColumn = "Umsatz" });
        Assert.Equal(1_234_567.89, r.Transactions.Amounts[0], 6);
        Assert.Equal(new DateTime(2023, 3, 15), r.Transactions.Timestamps[0]);
    }

    [Fact]
    public void Load_HungarianExcel_YearFirstDottedDates()
    {
        var r = LoadText("Ügyfél;Számla;Dátum;Mennyiség;Összeg\nU1;S1;2023. 03. 15.;1;12 500,00\n",
            In("hu-HU", "yyyy. MM. dd.") with { CustomerColumn = "Ügyfél", OrderColumn = "Számla", DateColumn = "Dátum", QuantityColumn = "Mennyiség", AmountColumn = "Összeg" });
        Assert.Equal(1, r.Report.RowsAccepted);
        Assert.Equal(12500.0, r.Transactions.Amounts[0], 6);
        Assert.Equal(new DateTime(2023, 3, 15), r.Transactions.Timestamps[0]);
    }

    [Fact]
    public void Load_HungarianDates_WithoutFormat_UseTheCultureForms()
    {
        var r = LoadText("customer;date;amount\nU1;2023. 03. 15.;1\n", In("hu-HU"));
        Assert.Equal(new DateTime(2023, 3, 15), r.Transactions.Timestamps[0]);
    }

    [Fact]
    public void Load_DecimalCommaUnderInvariant_IsRejectedWithAHint_NotReadAsThousands()
    {
        var r = LoadText("customer;date;amount\nA;2023-01-01;\"2,5\"\n");
        Assert.Equal(1, r.Report.RowsRejected);
        var x = Assert.Single(r.Report.Rejections);
        Assert.Equal("amount", x.Column);
        Assert.Equal("2,5", x.Value);
        Assert.Contains("decimal comma", x.Reason);
    }

    [Theory]
    [InlineData("correct grouping", "1,234,567.5", true, 1234567.5)]
    [InlineData("no grouping", "1234567.5", true, 1234567.5)]
    [InlineData("negative", "-12.5", true, -12.5)]
    [InlineData("exponent", "1.5e3", true, 1500)]
    [InlineData("group of two", "12,34", false, 0)]
    [InlineData("group of four", "1,2345", false, 0)]
    [InlineData("text", "abc", false, 0)]
    [InlineData("two decimals points", "1.2.3", false, 0)]
    public void NumberReader_Invariant_ChecksGrouping(string label, string text, bool ok, double expected)
    {
        _ = label;
        var reader = new NumberReader(CultureInfo.InvariantCulture);
        Assert.Equal(ok, reader.TryParse(text, out double v, out _));
        if (ok) Assert.Equal(expected, v, 9);
    }

    [Fact]
    public void NumberReader_PlainDecimals_HaveTheGeneralParsersBits()
    {
        // The short path (digits and one separator, at most 15 digits) must give the very double the general parser
        // gives: random decimals of every length and scale, both separators, signs, zeros and the 15/16-digit edge.
        var rng = new Random(20261201);
        var invariant = new NumberReader(CultureInfo.InvariantCulture);
        var danish = new NumberReader(CultureInfo.GetCultureInfo("da-DK"));
        var texts = new List<string> { "0", "-0", "0.0", ".5", "5.", "-.25", "007", "999999999999999", "9999999999999999", "0.000000000000001",
            "123456789.012345", "1234567890.123456", "2.71", "12.330000000000002", "-3", "86.72" };
        for (int k = 0; k < 20000; k++)
        {
            int digits = rng.Next(1, 18), point = rng.Next(0, digits + 1);
            var chars = new char[digits];
            for (int j = 0; j < digits; j++) chars[j] = (char)('0' + rng.Next(10));
            string t = new string(chars, 0, point) + (point < digits ? "." + new string(chars, point, digits - point) : "");
            texts.Add(rng.Next(4) == 0 ? "-" + t : t);
        }
        foreach (var t in texts)
        {
            Assert.True(invariant.TryParse(t, out double fast, out _), t);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(t, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
            Assert.True(danish.TryParse(t.Replace('.', ','), out double comma, out _), t);
            Assert.Equal(BitConverter.DoubleToInt64Bits(fast), BitConverter.DoubleToInt64Bits(comma));
        }
    }

    [Fact]
    public void Load_InvariantDayFirstDate_IsReadDayFirst_AndSaysWhy()
    {
        // No culture given: the order comes from the data. 15 can only be a day.
        var r = LoadText("customer,date,amount\nA,15-03-2023,1\nB,01-04-2023,2\n");
        Assert.Empty(r.Report.Rejections);
        Assert.Equal([new DateTime(2023, 3, 15), new DateTime(2023, 4, 1)], r.Transactions.Timestamps.ToArray());
        Assert.Contains(r.Report.Warnings, w => w.Contains("dates read day-first: '15-03-2023' can only be read that way", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ExplicitDateFormat_IsExact()
    {
        var r = LoadText("customer,date,amount\nA,15/03/2023,1\nB,2023-03-15,1\n", new LoadOptions { DateFormats = ["dd/MM/yyyy"] });
        Assert.Equal(1, r.Report.RowsAccepted);
        Assert.Contains("dd/MM/yyyy", r.Report.Rejections[0].Reason);
    }

    [Fact]
    public void Load_TimestampWithOffset_IsConvertedToUtc()
    {
        var r = LoadText("customer,date,amount\nA,2023-03-15T10:00:00+02:00,1\n");
        Assert.Equal(new DateTime(2023, 3, 15, 8, 0, 0), r.Transactions.Timestamps[0]);
    }
}
