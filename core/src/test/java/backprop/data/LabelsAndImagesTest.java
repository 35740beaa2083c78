package backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The edges of {@link LabelEncoding}'s and {@link IdxImages}' rules. */
class LabelsAndImagesTest {
    @TempDir
    Path directory;

    @Test
    void aClassIsNamedByItsLabelOrItsNumber() {
        assertEquals("2", LabelEncoding.numbered(3).name(2));
        assertEquals("b", LabelEncoding.named(List.of("a", "b")).name(1));
    }

    @Test
    void oneClassIsTheFewestAndNamesMustMatchTheCount() {
        assertEquals(1, LabelEncoding.numbered(1).classCount());
        assertThrows(IllegalArgumentException.class, () -> LabelEncoding.numbered(0));
        assertEquals("3 classes with 2 names", assertThrows(IllegalArgumentException.class,
                () -> new LabelEncoding(3, List.of("a", "b"))).getMessage());
    }

    @Test
    void asManyNamedClassesAsAllowedAreReadAndOneMoreIsRefused() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < LabelEncoding.MAX_CLASSES; i++) {
            rows.append(i).append(",c").append(i).append('\n');
        }
        Path most = Files.writeString(directory.resolve("most.csv"), rows);
        Path tooMany = Files.writeString(directory.resolve("too-many.csv"), rows + "1,extra\n");

        assertEquals(LabelEncoding.MAX_CLASSES, LabelEncoding.of(CsvReader.read(most, null)).classCount());
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> LabelEncoding.of(CsvReader.read(tooMany, null)));
        assertEquals("the labels in column 2 have 10001 different values, more than 10000 classes; is it the right column?",
                e.problem());
    }

    @Test
    void imagesOfEveryPositiveShapeAreTakenAndAnEmptyDimensionIsNot() {
        IdxImages one = new IdxImages(1, 1, 1, new byte[1]);
        IdxImages wide = new IdxImages(2, 3, 5, new byte[30]);

        assertEquals(1, one.imageSize());
        assertEquals(15, wide.imageSize());
        assertThrows(IllegalArgumentException.class, () -> new IdxImages(0, 1, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new IdxImages(1, 0, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new IdxImages(1, 1, 0, new byte[0]));
        assertEquals("29 pixels for 2 images of 3 x 5", assertThrows(IllegalArgumentException.class,
                () -> new IdxImages(2, 3, 5, new byte[29])).getMessage());
    }
}
