/**
 * One definition of a training run ({@link backprop.run.TrainingRun}, {@link backprop.run.Setting},
 * {@link backprop.run.Recipe}): every rule about the settings, with messages that name the command line's flags
 * or the playground's fields.
 */
package backprop.run;
