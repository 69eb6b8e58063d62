package io.infra.arl.loadtest.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbesTest {

  @Test
  void readsTheLiveBytesOfAClassHistogram() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         20000        1600000  [B (java.base@25)
           2:          1000          48000  java.lang.String (java.base@25)
        Total        873650       33661552
        """;

    assertThat(JvmTools.parseHistogramTotal(histogram)).isEqualTo(33_661_552L);
    assertThatThrownBy(() -> JvmTools.parseHistogramTotal("12345:\nno such JVM"))
        .hasMessageContaining("No Total line");
  }

  @Test
  void readsVmRssInKib() {
    assertThat(JvmTools.parseVmRss("Name:\tjava\nVmHWM:\t  99999 kB\nVmRSS:\t  337144 kB\n"))
        .isEqualTo(337_144L);
  }

  @Test
  void readsTheSoftOpenFilesLimit() {
    String limits =
        """
        Limit                     Soft Limit           Hard Limit           Units
        Max processes             95000                95000                processes
        Max open files            20000                40000                files
        """;

    assertThat(FileDescriptors.parseSoftLimit(limits)).isEqualTo(20_000L);
    assertThat(FileDescriptors.parseSoftLimit("Max open files  unlimited  unlimited  files"))
        .isEqualTo(Long.MAX_VALUE);
  }
}
