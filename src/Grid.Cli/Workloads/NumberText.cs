using System.Globalization;
using System.Text;

namespace Grid.Cli.Workloads;

/// <summary>Numbers as the sample worker reads and writes them: UTF-8 decimal text.</summary>
public static class NumberText
{
    public static byte[] Encode(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    public static long Decode(ReadOnlySpan<byte> data) =>
        long.Parse(Encoding.UTF8.GetString(data).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
