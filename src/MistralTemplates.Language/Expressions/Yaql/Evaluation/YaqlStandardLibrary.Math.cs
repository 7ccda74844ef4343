using System;
using System.Globalization;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>yaql's math functions: integers stay integers, as in Python.</summary>
internal static partial class YaqlStandardLibrary
{
    private static readonly Random SharedRandom = new();

    private static void RegisterMath(YaqlFunctions f)
    {
        f.Register("abs", c => c.Argument(0) switch
        {
            long l => l == long.MinValue ? throw new YaqlException("integer overflow") : Math.Abs(l),
            double d => (object)Math.Abs(d),
            var other => throw YaqlValues.WrongType(c, 0, "a number", other),
        });
        f.Register("sign", c => c.Argument(0) switch
        {
            long l => (long)Math.Sign(l),
            double d => (object)(long)Math.Sign(d),
            var other => throw YaqlValues.WrongType(c, 0, "a number", other),
        });
        f.Register("bitwiseAnd", c => YaqlValues.Integer(c, 0) & YaqlValues.Integer(c, 1));
        f.Register("bitwiseOr", c => YaqlValues.Integer(c, 0) | YaqlValues.Integer(c, 1));
        f.Register("bitwiseXor", c => YaqlValues.Integer(c, 0) ^ YaqlValues.Integer(c, 1));
        f.Register("bitwiseNot", c => ~YaqlValues.Integer(c, 0));
        f.Register("shiftBitsLeft", c => ShiftLeft(YaqlValues.Integer(c, 0), YaqlValues.Integer(c, 1)));
        f.Register("shiftBitsRight", c => YaqlValues.Integer(c, 0) >> (int)Math.Min(63, Math.Max(0, YaqlValues.Integer(c, 1))));
        f.Register("pow", Pow);
        f.Register("round", Round);
        f.Register("hex", c => Hex(YaqlValues.Integer(c, 0)));
        f.Register("random", Random);
    }

    private static long ShiftLeft(long value, long bits)
    {
        if (bits < 0) throw new YaqlException("negative shift count");
        if (value == 0) return 0;
        if (bits >= 63 || (value << (int)bits) >> (int)bits != value) throw new YaqlException("integer overflow");
        return value << (int)bits;
    }

    /// <summary><c>pow(base, exponent, modulo?)</c>: integer when both are integers and the exponent is not negative.</summary>
    private static object Pow(YaqlInvocation c)
    {
        var a = c.Argument(0);
        var b = c.Argument(1);
        if (a is long x && b is long y && y >= 0)
        {
            long? modulo = c.Has(2) ? YaqlValues.Integer(c, 2) : null;
            if (modulo == 0) throw new YaqlException("pow() 3rd argument cannot be 0");
            long result = 1;
            try
            {
                checked
                {
                    for (long b2 = x % (modulo ?? long.MaxValue), e = y; e > 0; e >>= 1)
                    {
                        if ((e & 1) == 1) result = modulo is { } m ? (long)((System.Numerics.BigInteger)result * b2 % m) : result * b2;
                        if (e > 1) b2 = modulo is { } m2 ? (long)((System.Numerics.BigInteger)b2 * b2 % m2) : b2 * b2;
                    }
                }
            }
            catch (OverflowException)
            {
                throw new YaqlException("integer overflow");
            }
            return modulo is { } mod && result < 0 ? result + Math.Abs(mod) : result;
        }
        if (!YaqlValues.IsNumber(a) || !YaqlValues.IsNumber(b)) throw new YaqlException($"pow() needs numbers, got {YaqlValues.Describe(a)} and {YaqlValues.Describe(b)}");
        return Math.Pow(Convert.ToDouble(a, CultureInfo.InvariantCulture), Convert.ToDouble(b, CultureInfo.InvariantCulture));
    }

    /// <summary><c>round(number, digits = 0)</c>: Python's rounding, half to even.</summary>
    private static object Round(YaqlInvocation c)
    {
        var digits = c.Has(1) ? YaqlValues.Integer(c, 1) : 0;
        return c.Argument(0) switch
        {
            long l => l,
            double d => Math.Round(d, (int)Math.Max(0, Math.Min(15, digits)), MidpointRounding.ToEven),
            var other => throw YaqlValues.WrongType(c, 0, "a number", other),
        };
    }

    /// <summary>Python's hex(): <c>0xff</c>, <c>-0x2a</c>.</summary>
    private static string Hex(long value) =>
        value < 0 ? "-0x" + ((ulong)(-(value + 1)) + 1).ToString("x", CultureInfo.InvariantCulture) : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary><c>random()</c> is a float in [0, 1); <c>random(from, to)</c> an integer in [from, to].</summary>
    private static object Random(YaqlInvocation c)
    {
        lock (SharedRandom)
        {
            if (c.Count == 0) return SharedRandom.NextDouble();
            var from = YaqlValues.Integer(c, 0);
            var to = YaqlValues.Integer(c, 1);
            if (to < from) throw new YaqlException("random() needs from <= to");
            return from + (long)(SharedRandom.NextDouble() * (to - from + 1));
        }
    }
}
