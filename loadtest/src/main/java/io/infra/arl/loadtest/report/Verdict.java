package io.infra.arl.loadtest.report;

/** Whether a measured value meets its target. */
public enum Verdict {
  /** The measured value is within the target. */
  MET("target met"),
  /** The measured value is outside the target. */
  MISSED("**target missed**"),
  /** The run could not measure it (see the row's note). */
  NOT_MEASURED("not measured");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** How the report writes it. */
  public String label() {
    return label;
  }

  /** MET when {@code ok}, else MISSED. */
  public static Verdict of(boolean ok) {
    return ok ? MET : MISSED;
  }
}
