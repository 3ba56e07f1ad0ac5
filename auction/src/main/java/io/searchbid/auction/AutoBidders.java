package io.searchbid.auction;

/** Implementations of {@link AutoBidder}. */
final class AutoBidders {
  private AutoBidders() {}

  static final double MIN_M = 0.1;
  static final double MAX_M = 10.0;

  /** One class for all strategies: the strategy record selects the formula. */
  static final class Feedback implements AutoBidder {
    private final BidStrategy strategy;
    private volatile double m = 1.0;

    Feedback(BidStrategy strategy) {
      this.strategy = strategy;
    }

    @Override
    public BidStrategy strategy() {
      return strategy;
    }

    @Override
    public double multiplier() {
      return m;
    }

    @Override
    public long bidMicros(IndexedKeyword k, double pctr, double pcvr, long orderValueMicros) {
      long base = k.baseBidMicros();
      return switch (strategy) {
        case BidStrategy.ManualCpc x -> base;
        case BidStrategy.MaximizeClicks x -> Math.min(x.maxCpcCapMicros(), Math.round(base * m));
        case BidStrategy.TargetCpa x -> Math.round(pcvr * x.targetCpaMicros() * m);
        case BidStrategy.TargetRoas x ->
            orderValueMicros <= 0 ? base : Math.round(pcvr * orderValueMicros / x.targetRoas() * m);
      };
    }

    @Override
    public synchronized void feedback(BidFeedback f) {
      double step = switch (strategy) {
        case BidStrategy.ManualCpc x -> 1.0;
        case BidStrategy.MaximizeClicks x -> f.spentMicros() == 0
            ? 1.25
            : Math.sqrt(f.plannedSpendMicros() / (double) f.spentMicros());
        case BidStrategy.TargetCpa x -> f.conversions() == 0
            ? (f.spentMicros() > x.targetCpaMicros() ? 0.8 : 1.0)
            : Math.sqrt(x.targetCpaMicros() / (f.spentMicros() / (double) f.conversions()));
        case BidStrategy.TargetRoas x -> f.spentMicros() == 0
            ? 1.0
            : Math.sqrt((f.conversionValueMicros() / (double) f.spentMicros()) / x.targetRoas());
      };
      step = Math.max(0.8, Math.min(1.25, step));
      m = Math.max(MIN_M, Math.min(MAX_M, m * step));
    }
  }
}
